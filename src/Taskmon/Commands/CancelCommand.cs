using System.CommandLine;
using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary>
/// <c>cancel ID</c> (<c>ca</c>): cancels a task started through Taskmon. An interactive session is
/// not blocked: it gets the outcome as a later notice; one-shot and web requests wait for it.
/// </summary>
internal sealed class CancelCommand : IMonitorCommand
{
    private readonly TaskMonitor _monitor;
    private readonly Argument<long> _id;
    private readonly Option<double> _timeout = new("--timeout") { Description = "Seconds to wait for the task to end", DefaultValueFactory = _ => 5 };

    public CancelCommand(TaskMonitor monitor)
    {
        _monitor = monitor;
        _id = TaskIds.LiveTask(monitor, "Live task id (from ps)");
        Definition = new Command("cancel", "Cancel a task started through Taskmon") { _id, _timeout };
        Definition.Aliases.Add("ca");
    }

    public Command Definition { get; }

    public async ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var id = parse.GetValue(_id);
        var seconds = parse.GetValue(_timeout);
        if (seconds is < 0 or > 600 || double.IsNaN(seconds))
        {
            return MessageResult.Error("--timeout must be between 0 and 600 seconds");
        }

        var task = _monitor.GetTask(id);
        if (task is null)
        {
            return new CancelTaskResult(id, null, CancelOutcome.NotFound, false, null, $"No task {id}");
        }
        if (!task.Cancellable)
        {
            return new CancelTaskResult(id, task.Name, CancelOutcome.NotCancellable, false, null,
                $"Cannot cancel task {id} ({task.Name}): not started through Taskmon (discovered tasks have no token the monitor owns)");
        }

        var timeout = TimeSpan.FromSeconds(seconds);
        if (!context.Interactive)
        {
            return Describe(await _monitor.CancelAsync(id, timeout, cancellationToken).ConfigureAwait(false), timeout);
        }

        // Interactive: say it is under way now, report the end when it comes.
        _ = Task.Run(async () =>
        {
            try
            {
                context.Notify(Describe(await _monitor.CancelAsync(id, timeout, CancellationToken.None).ConfigureAwait(false), timeout));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                context.Notify(MessageResult.Error($"Cancelling task {id} failed: {e.Message}"));
            }
        }, CancellationToken.None);
        return new CancelTaskResult(id, task.Name, CancelOutcome.Cancelled, true, null,
            $"Cancelling task {id} ({task.Name}); you will be told when it has ended (timeout {seconds:0.#}s)");
    }

    private static CancelTaskResult Describe(CancelResult result, TimeSpan timeout)
    {
        var name = result.Name is null ? "" : $" ({result.Name})";
        var message = result.Outcome switch
        {
            CancelOutcome.Cancelled => $"Task {result.Id}{name} has finished cancelling" +
                                       (result.Termination is { } t ? $": {Outcome(t.Outcome)}, trace {t.TraceId}" : ""),
            CancelOutcome.TimedOut => $"Task {result.Id}{name} did not honour cancellation within {timeout.TotalSeconds:0.#}s; it is still running",
            CancelOutcome.NotCancellable => $"Cannot cancel task {result.Id}{name}: not started through Taskmon",
            _ => $"No task {result.Id}",
        };
        return new CancelTaskResult(result.Id, result.Name, result.Outcome, false, result.Termination, message);
    }

    internal static string Outcome(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.Completed => "completed",
        TaskOutcome.Cancelled => "cancelled",
        TaskOutcome.Faulted => "faulted",
        TaskOutcome.Lost => "lost",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
