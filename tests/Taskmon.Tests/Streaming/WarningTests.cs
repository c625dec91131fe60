using System.Runtime.CompilerServices;
using Taskmon.Hosting;
using Taskmon.Streaming;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Streaming;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class WarningTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_resumption_blocking_its_thread_300_ms_is_warned_with_its_task_and_stays_after_it_ends()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        using var watcher = monitor.Watch(Interval);
        using var unblock = new ManualResetEventSlim();
        var release = new TaskCompletionSource();
        var run = Task.Run(() => BlocksAsync(unblock, release.Task));

        var warning = await WaitForWarning(watcher, w => w.Kind == WarningKind.Blocking && w.Message.Contains(nameof(BlocksAsync), StringComparison.Ordinal) && w.Ongoing);
        var id = Assert.Single(warning.TaskIds);
        Assert.EndsWith(nameof(BlocksAsync), monitor.GetTask(id)!.Name, StringComparison.Ordinal);
        unblock.Set();
        release.SetResult();
        await run;

        var after = await WaitForWarning(watcher, w => w.Kind == WarningKind.Blocking && !w.Ongoing && w.TaskIds.Contains(id));
        Assert.Contains("has ended", after.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_task_is_warned_with_its_id()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, LostTasks = true });
        using var watcher = monitor.Watch(Interval);
        StartForgottenWork();
        var id = monitor.GetTasks(new() { Filter = nameof(AwaitsForeverAsync) }).Items.Single().Task.Id;
        var warning = await WaitForWarning(watcher, w => w.Kind == WarningKind.Lost, collect: true);
        Assert.Equal([id], warning.TaskIds);
        Assert.Contains(nameof(AwaitsForeverAsync), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_pending_past_the_threshold_are_warned_per_method_and_persistent_ones_are_not()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { PendingWarningThreshold = TimeSpan.FromMilliseconds(300) });
        using var stop = new CancellationTokenSource();
        var a = monitor.Run("stuck-a", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: stop.Token);
        var b = monitor.Run("stuck-b", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: stop.Token);
        _ = monitor.Run("service-loop", ct => Task.Delay(Timeout.Infinite, ct), persistent: true, cancellationToken: stop.Token);
        using var watcher = monitor.Watch(Interval);
        var warning = await WaitForWarning(watcher, w => w.Kind == WarningKind.LongPending && w.TaskIds.Count >= 2);
        var ids = monitor.GetTasks(new() { Filter = "stuck-" }).Items.Select(i => i.Task.Id).Order().ToArray();
        Assert.Equal(ids, warning.TaskIds.Order().ToArray());
        Assert.Contains("pending longer than", warning.Message, StringComparison.Ordinal);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task A_method_whose_pending_count_keeps_growing_is_warned()
    {
        using var monitor = TaskMonitor.Start();
        using var stop = new CancellationTokenSource();
        using var watcher = monitor.Watch(Interval);
        TaskWarning? warning = null;
        for (var frame = 0; frame < 200 && warning is null; frame++)
        {
            for (var i = 0; i < 3; i++)
            {
                _ = monitor.Run("leaky", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: stop.Token);
            }

            warning = (await watcher.NextAsync()).Warnings.FirstOrDefault(w => w.Kind == WarningKind.PendingGrowth);
        }

        Assert.NotNull(warning);
        Assert.Contains("keep growing", warning.Message, StringComparison.Ordinal);
        var newest = monitor.GetTasks(new() { Filter = "leaky" }).Items.Max(i => i.Task.Id);
        Assert.InRange(Assert.Single(warning.TaskIds), 1, newest);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task A_faulted_task_nobody_observed_is_warned_when_the_runtime_collects_it()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        using var watcher = monitor.Watch(Interval);
        await FaultUnobserved();
        var warning = await WaitForWarning(watcher, w => w.Kind == WarningKind.UnobservedFault && w.Message.Contains("unobserved-boom", StringComparison.Ordinal), collect: true);
        Assert.Contains("nobody observed", warning.Message, StringComparison.Ordinal);
    }

    private static async Task<TaskWarning> WaitForWarning(TaskWatcher watcher, Func<TaskWarning, bool> match, bool collect = false)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (collect)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            var frame = await watcher.NextAsync();
            if (frame.Warnings.FirstOrDefault(match) is { } warning)
            {
                return warning;
            }
        }

        throw new TimeoutException("no such warning");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task FaultUnobserved()
    {
        var done = new TaskCompletionSource();
        StartFault(done);
        await done.Task;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StartFault(TaskCompletionSource done) => _ = ThrowsAsync(done);

    private static async Task ThrowsAsync(TaskCompletionSource done)
    {
        await Task.Yield();
        done.SetResult();
        throw new InvalidOperationException("unobserved-boom");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StartForgottenWork() => _ = AwaitsForeverAsync(new TaskCompletionSource().Task);

    private static async Task AwaitsForeverAsync(Task never) => await never;

    private static async Task BlocksAsync(ManualResetEventSlim unblock, Task release)
    {
        await Task.Yield();
        unblock.Wait(TimeSpan.FromMilliseconds(300));
        await release;
    }
}
