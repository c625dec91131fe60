using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;
using Xunit.Abstractions;

namespace Taskmon.Tests.State;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class HistoryBoundsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task History_stays_bounded_and_memory_flat_over_a_million_tasks()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions
        {
            Discovery = DiscoveryLevel.Off, // the explicit tasks alone are counted
            HistoryCapacity = 1000,
            PersistentHistoryCapacity = 100,
            CreationStacks = CreationStackMode.PerSite,
        });

        await RunBatchAsync(monitor, 100_000);
        var afterWarmup = SettledMemory();
        await RunBatchAsync(monitor, 900_000);
        var afterMillion = SettledMemory();

        var counts = monitor.GetCounts();
        output.WriteLine($"managed heap after 100k tasks: {afterWarmup / 1024} KiB, after 1M: {afterMillion / 1024} KiB");
        Assert.Equal(1_000_000, counts.Created);
        Assert.Equal(0, counts.Live);
        Assert.Equal(1000, counts.History);
        Assert.Equal(100, counts.PersistentHistory);
        Assert.Equal(1000, monitor.GetTerminated(new TerminatedQuery { Limit = 5000 }).TotalMatching - 100);
        Assert.True(afterMillion - afterWarmup < 4 * 1024 * 1024, $"heap grew by {(afterMillion - afterWarmup) / 1024} KiB between 100k and 1M tasks");
    }

    [Fact]
    public async Task Live_tasks_beyond_the_bound_are_counted_as_dropped_and_still_run()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, MaxLiveTasks = 10 });
        var release = new TaskCompletionSource();
        var runs = Enumerable.Range(0, 15).Select(i => monitor.Run($"t{i}", ct => release.Task)).ToList();

        Assert.Equal(10, monitor.GetCounts().Live);
        Assert.Equal(5, monitor.GetCounts().Dropped);
        release.SetResult();
        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task RunBatchAsync(TaskMonitor monitor, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var run = monitor.Run("bulk", ct => Task.CompletedTask, persistent: i % 10 == 0);
            if (!run.IsCompleted)
            {
                await run;
            }
        }
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
