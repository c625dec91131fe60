using System.Diagnostics;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;
using Xunit.Abstractions;

namespace Taskmon.Tests.Inspection;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class SnapshotScaleTests(ITestOutputHelper output)
{
    /// <summary>Correctness at scale; the time is printed as a figure, not asserted (timings never gate a test).</summary>
    [Fact]
    public async Task A_snapshot_of_100000_live_tasks_sorts_filters_and_pages_them()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, CreationStacks = CreationStackMode.Off });
        var release = new TaskCompletionSource();
        var runs = new Task[100_000];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = monitor.Run(i % 1000 == 0 ? $"special-{i}" : $"worker-{i}", ct => release.Task);
        }

        monitor.GetTasks(new TaskQuery { Limit = 10 }); // warm-up
        var stopwatch = Stopwatch.StartNew();
        var page = monitor.GetTasks(new TaskQuery { Sort = TaskSortKey.Age, Limit = 50, Offset = 100 });
        var ps = stopwatch.Elapsed;
        stopwatch.Restart();
        var filtered = monitor.GetTasks(new TaskQuery { Filter = "SPECIAL", Sort = TaskSortKey.Name });
        var filter = stopwatch.Elapsed;
        stopwatch.Restart();
        var counts = monitor.GetCounts();
        var countTime = stopwatch.Elapsed;
        output.WriteLine($"100,000 live tasks: ps sorted by age {ps.TotalMilliseconds:F1} ms, filtered {filter.TotalMilliseconds:F1} ms, counts {countTime.TotalMilliseconds:F1} ms");

        Assert.Equal(100_000, page.TotalMatching);
        Assert.Equal(50, page.Items.Count);
        Assert.True(page.Items.Zip(page.Items.Skip(1)).All(p => p.First.Task.Age >= p.Second.Task.Age));
        Assert.Equal(100, filtered.TotalMatching);
        Assert.Equal("special-0", filtered.Items[0].Task.Name);
        Assert.Equal(100_000, counts.Live);

        release.SetResult();
        await Task.WhenAll(runs);
        Assert.Equal(0, monitor.GetCounts().Live);
    }
}
