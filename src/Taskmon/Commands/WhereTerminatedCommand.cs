using System.CommandLine;

namespace Taskmon.Commands;

/// <summary><c>where-terminated TRACE</c> (<c>wt</c>): how a terminated task ended and who cancelled it.</summary>
internal sealed class WhereTerminatedCommand : IMonitorCommand
{
    private readonly TaskMonitor _monitor;
    private readonly Argument<string> _trace;
    private readonly Option<bool> _full = new("--full") { Description = "Show every stack frame (default: runs of framework frames collapse into one line)" };

    public WhereTerminatedCommand(TaskMonitor monitor)
    {
        _monitor = monitor;
        _trace = TaskIds.Trace(monitor);
        Definition = new Command("where-terminated", "Show the cancellation chain and termination stack of a terminated task") { _trace, _full };
        Definition.Aliases.Add("wt");
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var traceId = (parse.GetValue(_trace) ?? "").Trim();
        var trace = traceId.Length is > 0 and <= 64 ? _monitor.GetTerminationTrace(traceId) : null;
        if (trace is null)
        {
            var shown = traceId.Length > 40 ? traceId[..40] + "…" : traceId;
            return ValueTask.FromResult<CommandResult>(MessageResult.Error($"No terminated task with trace id '{shown}' (see ps-terminated)"));
        }
        // A canceller may still be alive: say so rather than fail to find its record.
        var alive = trace.CancellationChain
            .Where(c => c.CancellerTaskId is { } id && _monitor.GetTask(id) is not null)
            .Select(c => c.CancellerTaskId!.Value)
            .Distinct()
            .ToList();
        return ValueTask.FromResult<CommandResult>(parse.GetValue(_full)
            ? new WhereTerminatedResult(trace, alive, Full: true)
            : new WhereTerminatedResult(trace.WithFrameworkFramesCollapsed(), alive));
    }
}
