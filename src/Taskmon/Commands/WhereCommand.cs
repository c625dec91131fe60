using System.CommandLine;

namespace Taskmon.Commands;

/// <summary><c>where ID</c> (<c>w</c>): creation chain, then the live async stack of a task.</summary>
internal sealed class WhereCommand : IMonitorCommand
{
    private readonly TaskMonitor _monitor;
    private readonly Argument<long> _id;
    private readonly Option<bool> _full = new("--full") { Description = "Show every stack frame (default: runs of framework frames collapse into one line)" };

    public WhereCommand(TaskMonitor monitor)
    {
        _monitor = monitor;
        _id = TaskIds.LiveTask(monitor, "Live task id (from ps)");
        Definition = new Command("where", "Show where a live task was created and what it awaits now") { _id, _full };
        Definition.Aliases.Add("w");
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var id = parse.GetValue(_id);
        var trace = _monitor.GetTrace(id);
        return ValueTask.FromResult<CommandResult>(trace is null
            ? MessageResult.Error($"No task {id}")
            : parse.GetValue(_full) ? new WhereResult(trace, Full: true) : new WhereResult(trace.WithFrameworkFramesCollapsed()));
    }
}
