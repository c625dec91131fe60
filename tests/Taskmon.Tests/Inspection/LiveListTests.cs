using Taskmon.Commands;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Terminal;
using Taskmon.Tests.Support;
using Taskmon.Tests.Tracking;

namespace Taskmon.Tests.Inspection;

/// <summary>The live list's paging and the work one <c>ps</c> does over the live records.</summary>
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class LiveListTests
{
    [Fact]
    public async Task A_page_of_a_flat_list_is_the_same_slice_as_the_full_sort_in_every_order()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { CreationStacks = CreationStackMode.Off, Terminal = { Enabled = false } });
        var release = new TaskCompletionSource();
        var runs = Enumerable.Range(0, 60).Select(i => monitor.Run($"task-{(i * 37) % 60:D2}", _ => release.Task)).ToList();

        foreach (var sort in new[] { TaskSortKey.Id, TaskSortKey.Age, TaskSortKey.Name, TaskSortKey.State, TaskSortKey.Busy })
        {
            foreach (var descending in new[] { false, true })
            {
                var all = monitor.GetTasks(new TaskQuery { Sort = sort, Descending = descending, Limit = QueryVocabulary.MaxLimit }).Items.Select(i => i.Task.Id).ToList();
                var page = monitor.GetTasks(new TaskQuery { Sort = sort, Descending = descending, Offset = 7, Limit = 5 });
                Assert.Equal(60, all.Count);
                Assert.Equal(60, page.TotalMatching);
                Assert.Equal(all.Skip(7).Take(5), page.Items.Select(i => i.Task.Id));
            }
        }

        release.SetResult();
        await Task.WhenAll(runs);
    }

    [Fact]
    public async Task Ps_copies_the_live_records_once_for_its_page_and_its_counts()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Pending, Terminal = { Enabled = false } });
        var catalog = TerminalFactory.CreateCatalog(new TerminalOptions(), monitor);
        var release = new TaskCompletionSource();
        var pending = Enumerable.Range(0, 200).Select(_ => WaitsAsync(release.Task)).ToList();
        await Wait.UntilAsync(() => monitor.GetTasks(new TaskQuery { Filter = nameof(WaitsAsync) }).TotalMatching == 200, "the 200 pending methods claimed");

        var before = monitor.Registry.Snapshots;
        var result = Assert.IsType<PsResult>((await catalog.ExecuteAsync("ps", new CommandContext { Interactive = false, Notify = _ => { } }, CancellationToken.None)).Result);
        var copies = monitor.Registry.Snapshots - before;

        Assert.Equal(200, result.Page.TotalMatching);
        Assert.Equal(200, result.Live);
        // One copy for the page and the counts; the one-second claim sweep may take one more meanwhile.
        Assert.InRange(copies, 1, 2);

        release.SetResult();
        await Task.WhenAll(pending);
        await Wait.UntilAsync(() => DiscoveryTests.Find(monitor, nameof(WaitsAsync)) is null, "the completed methods gone");
    }

    private static async Task WaitsAsync(Task release) => await release;
}
