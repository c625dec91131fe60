using System.Globalization;
using System.Runtime.CompilerServices;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Tracking;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class CancellationTests
{
    [Fact]
    public async Task A_long_lived_caller_token_keeps_no_ended_task_alive()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, HistoryCapacity = 1 });
        using var stopping = new CancellationTokenSource();
        var names = await RunWithTokenAsync(monitor, stopping.Token);

        // The one history slot now holds another task: only a registration left on the token could still reach a name.
        await monitor.Run("evicts-the-history", _ => Task.CompletedTask);
        Assert.Equal(0, monitor.GetCounts().Live);

        // Collected within a few tries: this code may still run inline in the last task's completion, whose finished frames
        // (and their locals) stay on the stack until it returns; a registration left on the token keeps them for ever.
        var reachable = names.Length;
        await Wait.UntilAsync(
            () =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                reachable = names.Count(name => name.TryGetTarget(out _));
                return reachable == 0;
            },
            "every ended task's name to be collected");

        // The capture still works for tasks that are running when the token is cancelled.
        var running = monitor.Run("running", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: stopping.Token);
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.NotNull(monitor.GetTerminated().Items.Single().Canceller);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference<string>[]> RunWithTokenAsync(TaskMonitor monitor, CancellationToken token)
    {
        var names = new WeakReference<string>[20];
        for (var i = 0; i < names.Length; i++)
        {
            // Built at run time (a literal would live for ever); half end before Run returns, half later.
            var name = string.Concat("short-", i.ToString(CultureInfo.InvariantCulture));
            names[i] = new WeakReference<string>(name);
            await monitor.Run(name, i % 2 == 0 ? static _ => Task.CompletedTask : static async _ => await Task.Yield(), cancellationToken: token);
        }

        return names;
    }

    [Fact]
    public async Task A_task_cancelled_by_another_monitored_task_names_its_canceller_and_the_cancel_site()
    {
        using var monitor = TaskMonitor.Start();
        using var shared = new CancellationTokenSource();
        var victimStarted = new TaskCompletionSource();
        var victim = monitor.Run("victim", async ct =>
        {
            victimStarted.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, cancellationToken: shared.Token);
        await victimStarted.Task;

        await monitor.Run("killer", async ct =>
        {
            await Task.Yield();
            CancelIt(shared);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => victim);
        var record = monitor.GetTerminated(new TerminatedQuery { Filter = "victim" }).Items.Single();
        Assert.Equal(TaskOutcome.Cancelled, record.Outcome);
        Assert.NotNull(record.Canceller);
        Assert.Equal(CancellationKind.Task, record.Canceller!.Kind);
        Assert.Equal("killer", record.Canceller.CancellerTaskName);
        Assert.Contains(record.Canceller.Stack, f => f.Method.EndsWith(".CancelIt", StringComparison.Ordinal) && f.Line is > 0);

        var trace = monitor.GetTerminationTrace(record.TraceId)!;
        Assert.Equal(record.Canceller, trace.CancellationChain[0]);
        Assert.Same(record.Canceller.Stack, trace.TerminationStack);
    }

    [Fact]
    public async Task A_cancellation_chain_follows_who_cancelled_the_canceller()
    {
        using var monitor = TaskMonitor.Start();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var middle = monitor.Run("middle", async ct =>
        {
            try
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                second.Cancel();
            }
        }, cancellationToken: first.Token);
        var leaf = monitor.Run("leaf", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: second.Token);
        await started.Task;
        await monitor.Run("root-canceller", async ct =>
        {
            await Task.Yield();
            first.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(middle, leaf));
        var leafRecord = monitor.GetTerminated(new TerminatedQuery { Filter = "leaf" }).Items.Single();
        var chain = monitor.GetTerminationTrace(leafRecord.TraceId)!.CancellationChain;
        Assert.Equal(["middle", "root-canceller"], chain.Select(c => c.CancellerTaskName));
    }

    [Fact]
    public async Task A_timeout_shows_as_a_timeout()
    {
        using var monitor = TaskMonitor.Start();
        using var timeout = new CancellationTokenSource();
        var run = monitor.Run("slow", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: timeout.Token);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var record = monitor.GetTerminated().Items.Single();
        Assert.Equal(CancellationKind.Timeout, record.Canceller!.Kind);
    }

    [Fact]
    public async Task CancelAsync_is_reported_as_such_with_the_cancelling_task_but_no_stack()
    {
        using var monitor = TaskMonitor.Start();
        using var source = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var run = monitor.Run("async-cancelled", async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, cancellationToken: source.Token);
        await started.Task;

        await monitor.Run("async-canceller", async ct =>
        {
            await Task.Yield();
            await source.CancelAsync();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var record = monitor.GetTerminated(new TerminatedQuery { Filter = "async-cancelled" }).Items.Single();
        Assert.Equal(CancellationKind.CancelAsync, record.Canceller!.Kind);
        Assert.Empty(record.Canceller.Stack);
        // The callbacks run on the pool, but the ExecutionContext flows there: the task is known, the stack is not.
        Assert.Equal("async-canceller", record.Canceller.CancellerTaskName);
    }

    [Fact]
    public async Task The_operator_can_cancel_an_explicit_task_and_gets_its_termination_record()
    {
        using var monitor = TaskMonitor.Start();
        var started = new TaskCompletionSource();
        var run = monitor.Run("cancel-me", async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        await started.Task;
        var id = monitor.GetTasks().Items.Single().Task.Id;

        var result = await monitor.CancelAsync(id, TimeSpan.FromSeconds(10));

        Assert.Equal(CancelOutcome.Cancelled, result.Outcome);
        Assert.Equal(TaskOutcome.Cancelled, result.Termination!.Outcome);
        Assert.Equal(CancellationKind.Operator, result.Termination.Canceller!.Kind);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(CancelOutcome.NotFound, (await monitor.CancelAsync(id, TimeSpan.FromSeconds(1))).Outcome);
    }

    [Fact]
    public async Task A_task_ignoring_its_token_is_reported_as_not_finished_within_the_timeout()
    {
        using var monitor = TaskMonitor.Start();
        var release = new TaskCompletionSource();
        var run = monitor.Run("stubborn", ct => release.Task);
        var id = monitor.GetTasks().Items.Single().Task.Id;

        var result = await monitor.CancelAsync(id, TimeSpan.FromMilliseconds(50));

        Assert.Equal(CancelOutcome.TimedOut, result.Outcome);
        release.SetResult();
        await run;
    }

    [Fact]
    public async Task Code_resumed_by_a_timer_that_calls_Cancel_is_not_mistaken_for_a_timeout()
    {
        using var monitor = TaskMonitor.Start();
        using var source = new CancellationTokenSource();
        var run = monitor.Run("cancelled-by-code", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: source.Token);

        await Task.Run(async () =>
        {
            await Task.Delay(5); // resumed from the timer queue
            CancelIt(source);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var canceller = monitor.GetTerminated().Items.Single().Canceller!;
        Assert.Equal(CancellationKind.Code, canceller.Kind);
        Assert.Contains(canceller.Stack, f => f.Method.EndsWith(".CancelIt", StringComparison.Ordinal));
    }

    private static void CancelIt(CancellationTokenSource source) => source.Cancel();
}
