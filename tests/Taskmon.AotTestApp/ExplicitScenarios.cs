using Taskmon.Inspection;

namespace Taskmon.AotTestApp;

/// <summary>Explicit tasks (<see cref="TaskMonitor.Run(string, Func{CancellationToken, Task}, bool, CancellationToken, string, string, int)"/>): listing, parents, where, cancellation kinds, history.</summary>
internal static class ExplicitScenarios
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(TaskMonitor monitor, Checks checks)
    {
        var status = monitor.GetStatus();
        checks.That("status.native-aot", status.NativeAot, "GetStatus().NativeAot is false in an AOT binary");
        checks.That("status.no-task-objects", !status.DiscoveredTaskObjects, "claims task objects (debugger table) under AOT");

        await ListsParentsAndWhereAsync(monitor, checks);
        await CancellationKindsAsync(monitor, checks);
        await HistoryAsync(monitor, checks);
    }

    private static async Task ListsParentsAndWhereAsync(TaskMonitor monitor, Checks checks)
    {
        var childCreated = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var parent = monitor.Run("aot-parent", async ct =>
        {
            childCreated.SetResult(monitor.Run("aot-child", SleepAsync, cancellationToken: ct));
            await SleepAsync(ct);
        });
        var child = await childCreated.Task;

        var parentItem = Single(monitor, "aot-parent");
        var childItem = Single(monitor, "aot-child");
        checks.That("run.listed", parentItem is not null && childItem is not null, "aot-parent/aot-child not in GetTasks");
        if (parentItem is null || childItem is null)
        {
            return;
        }

        checks.That("run.origin-explicit", parentItem.Origin == TaskOrigin.Explicit && parentItem.Cancellable,
            $"origin {parentItem.Origin}, cancellable {parentItem.Cancellable}");
        checks.That("run.site", parentItem.Site is { Line: > 0 } site && site.File.EndsWith("ExplicitScenarios.cs", StringComparison.Ordinal),
            $"site {parentItem.Site}");
        checks.That("run.parent", childItem.ParentId == parentItem.Id, $"child parent {childItem.ParentId}, parent id {parentItem.Id}");

        var started = DateTime.UtcNow;
        var trace = monitor.GetTrace(childItem.Id);
        checks.That("where.returns", trace is not null && DateTime.UtcNow - started < Patience, "Where(child) returned null or took too long");
        if (trace is not null)
        {
            var chain = string.Join(" <- ", trace.CreationChain.Select(link => link.Name));
            checks.That("where.creation-chain", chain == "aot-child <- aot-parent", $"chain '{chain}'");
            checks.Info($"where async stack ({trace.AsyncStack.Count} frames; note: {trace.StackNote}): {string.Join(" | ", trace.AsyncStack)}");
        }

        var cancel = await monitor.CancelAsync(parentItem.Id, Patience);
        checks.That("cancel-api.cancelled", cancel.Outcome == CancelOutcome.Cancelled, $"outcome {cancel.Outcome}");
        checks.That("cancel-api.record", cancel.Termination is { Outcome: TaskOutcome.Cancelled, Canceller.Kind: CancellationKind.Operator },
            $"termination {cancel.Termination?.Outcome} by {cancel.Termination?.Canceller?.Kind}");
        await Task.WhenAny(Task.WhenAll(parent, child), Task.Delay(Patience));
        checks.That("cancel-api.tasks-cancelled", parent.IsCanceled && child.IsCanceled, $"parent {parent.Status}, child {child.Status}");
        checks.That("cancel-api.not-live", Single(monitor, "aot-parent") is null && Single(monitor, "aot-child") is null, "still listed as live");
    }

    private static async Task CancellationKindsAsync(TaskMonitor monitor, Checks checks)
    {
        using var byTask = new CancellationTokenSource();
        var victim = monitor.Run("aot-victim", SleepAsync, cancellationToken: byTask.Token);
        await monitor.Run("aot-canceller", _ =>
        {
            byTask.Cancel();
            return Task.CompletedTask;
        });
        await Settle(victim);
        var record = Terminated(monitor, "aot-victim");
        checks.That("cancel.by-task", record?.Canceller is { Kind: CancellationKind.Task, CancellerTaskName: "aot-canceller" },
            $"canceller {record?.Canceller?.Kind} {record?.Canceller?.CancellerTaskName}");

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Settle(monitor.Run("aot-timeout", SleepAsync, cancellationToken: timeout.Token));
        record = Terminated(monitor, "aot-timeout");
        checks.That("cancel.timeout", record is { Outcome: TaskOutcome.Cancelled, Canceller.Kind: CancellationKind.Timeout },
            $"{record?.Outcome} by {record?.Canceller?.Kind}");

        using var later = new CancellationTokenSource();
        var asyncVictim = monitor.Run("aot-cancelasync", SleepAsync, cancellationToken: later.Token);
        await later.CancelAsync();
        await Settle(asyncVictim);
        record = Terminated(monitor, "aot-cancelasync");
        checks.That("cancel.cancelasync", record is { Outcome: TaskOutcome.Cancelled, Canceller.Kind: CancellationKind.CancelAsync },
            $"{record?.Outcome} by {record?.Canceller?.Kind}");
    }

    private static async Task HistoryAsync(TaskMonitor monitor, Checks checks)
    {
        await monitor.Run("aot-done", async _ => await Task.Yield());
        checks.That("history.completed", Terminated(monitor, "aot-done") is { Outcome: TaskOutcome.Completed }, "no completed record");

        await Settle(monitor.Run("aot-fault", FailAsync, persistent: true));
        var faulted = Terminated(monitor, "aot-fault");
        checks.That("history.faulted", faulted is { Outcome: TaskOutcome.Faulted, Persistent: true } && faulted.ExceptionSummary?.Contains("aot boom", StringComparison.Ordinal) == true,
            $"{faulted?.Outcome}, persistent {faulted?.Persistent}, summary '{faulted?.ExceptionSummary}'");
        var persistent = monitor.GetTerminated(new TerminatedQuery { PersistentOnly = true, Filter = "aot-fault" });
        checks.That("history.persistent-ring", persistent.Items.Count == 1, $"{persistent.Items.Count} persistent records");
        if (faulted is not null)
        {
            var trace = monitor.GetTerminationTrace(faulted.TraceId);
            checks.That("where-terminated.exception", trace?.ExceptionText?.Contains("aot boom", StringComparison.Ordinal) == true,
                $"exception text '{trace?.ExceptionText}'");
            checks.That("where-terminated.unknown-id", monitor.GetTerminationTrace("tzzzzzz") is null, "unknown trace id resolved");
        }

        var counts = monitor.GetCounts();
        checks.That("counts", counts is { Created: >= 8, Faulted: >= 1, Cancelled: >= 5, Completed: >= 2 },
            $"created {counts.Created}, completed {counts.Completed}, cancelled {counts.Cancelled}, faulted {counts.Faulted}");
    }

    private static LiveTask? Single(TaskMonitor monitor, string name) =>
        monitor.GetTasks(new TaskQuery { Filter = name }).Items.Select(item => item.Task).SingleOrDefault(task => task.Name == name);

    private static TerminatedTask? Terminated(TaskMonitor monitor, string name) =>
        monitor.GetTerminated(new TerminatedQuery { Filter = name }).Items.FirstOrDefault(task => task.Name == name);

    private static async Task Settle(Task task)
    {
        try
        {
            await task.WaitAsync(Patience);
        }
        catch (OperationCanceledException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        catch (TimeoutException)
        {
            // The check that follows reports what is missing.
        }
    }

    private static async Task SleepAsync(CancellationToken cancellationToken) =>
        await Task.Delay(Timeout.Infinite, cancellationToken);

    private static async Task FailAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        throw new InvalidOperationException("aot boom");
    }
}
