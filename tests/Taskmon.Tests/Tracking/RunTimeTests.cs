using System.Runtime.CompilerServices;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Tracking;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class RunTimeTests
{
    [Fact]
    public async Task A_resumption_that_blocks_its_thread_for_300_ms_is_flagged_with_its_duration()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        var blocking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var unblock = new ManualResetEventSlim();
        var release = new TaskCompletionSource();
        var run = Task.Run(() => BlocksAfterResumingAsync(blocking, unblock, release.Task));

        await blocking.Task;
        await Wait.UntilAsync(() => Find(monitor) is { IsBlocking: true, CurrentRun: { } r } && r >= TimeSpan.FromMilliseconds(300), "flagged while running 300 ms");
        var during = Find(monitor)!;
        Assert.Equal(TaskState.Running, during.State);
        Assert.Equal(1, monitor.GetCounts().Blocking);
        Assert.Equal(1, monitor.GetThreadPoolState().BlockingTasks);
        unblock.Set();

        await Wait.UntilAsync(() => Find(monitor)?.State == TaskState.Waiting, "back to waiting");
        var after = Find(monitor)!;
        Assert.True(after.IsBlocking);
        Assert.Equal(1, after.BlockingRuns);
        Assert.InRange(after.LongestRun, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(30));
        Assert.True(after.BusyTime >= after.LongestRun);
        Assert.Equal(1, after.Resumptions);

        release.SetResult();
        await run;
        await Wait.UntilAsync(() => monitor.GetTerminated(new TerminatedQuery { Filter = nameof(BlocksAfterResumingAsync) }).Items.Count == 1, "terminated");
        var record = monitor.GetTerminated(new TerminatedQuery { Filter = nameof(BlocksAfterResumingAsync) }).Items.Single();
        Assert.True(record.LongestRun >= TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task A_method_awaiting_a_dropped_TaskCompletionSource_is_reported_lost_with_its_await_after_a_GC()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, LostTasks = true });
        StartForgottenWork();
        Assert.NotNull(monitor.GetTasks(new TaskQuery { Filter = nameof(AwaitsForeverAsync) }).Items.SingleOrDefault());

        await Wait.UntilAsync(
            () =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return monitor.GetCounts().Lost >= 1;
            },
            "lost task reported",
            timeoutMs: 20_000);

        var record = monitor.GetTerminated(new TerminatedQuery { Outcome = TaskOutcome.Lost }).Items.Single();
        Assert.Equal("Taskmon.Tests.Tracking.RunTimeTests.AwaitsForeverAsync", record.Method);
        Assert.Contains($"await #0 (Tracking/RunTimeTests.cs:{s_foreverLine})", record.ExceptionSummary, StringComparison.Ordinal);
        Assert.Empty(monitor.GetTasks(new TaskQuery { Filter = nameof(AwaitsForeverAsync) }).Items);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StartForgottenWork() => _ = AwaitsForeverAsync(new TaskCompletionSource().Task);

    private static int s_foreverLine;

    private static async Task AwaitsForeverAsync(Task never)
    {
        s_foreverLine = Line() + 1;
        await never;
    }

    private static async Task BlocksAfterResumingAsync(TaskCompletionSource blocking, ManualResetEventSlim unblock, Task release)
    {
        await Task.Yield();
        blocking.SetResult();
        unblock.Wait(); // sync-over-async: a resumption holding a pool thread until the test has seen it
        await release;
    }

    private static LiveTask? Find(TaskMonitor monitor) =>
        monitor.GetTasks(new TaskQuery { Filter = nameof(BlocksAfterResumingAsync) }).Items.Select(i => i.Task).FirstOrDefault();

    private static int Line([CallerLineNumber] int line = 0) => line;
}
