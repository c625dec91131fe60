using System.CommandLine;
using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary><c>ps-terminated</c> (<c>pst</c>, <c>pt</c>): the termination history, newest first unless sorted otherwise.</summary>
internal sealed class PsTerminatedCommand : IMonitorCommand
{
    private readonly TaskMonitor _monitor;
    private readonly Option<string?> _filter = new("--filter", "-f") { Description = "Only tasks whose name or method contains TEXT" };
    private readonly Option<bool> _persistent = new("--persistent", "-p") { Description = "Only persistent tasks" };
    private readonly Option<TaskOutcome?> _outcome = QueryOptions.Choice("--outcome", "-o", QueryVocabulary.Outcomes, "Only this outcome");
    private readonly Option<TerminatedSortKey?> _sort = QueryOptions.Choice("--sort", null, QueryVocabulary.TerminatedSorts, "Order (default: newest first)");
    private readonly Option<bool> _descending = new("--desc") { Description = "Reverse the order given by --sort" };
    private readonly Option<int> _offset = QueryOptions.Offset("records");
    private readonly Option<int> _limit = QueryOptions.Limit("records");
    private readonly Option<bool> _all = new("--all", "-a") { Description = "Also list the monitor's own tasks (its session loops)" };

    public PsTerminatedCommand(TaskMonitor monitor)
    {
        _monitor = monitor;
        Definition = new Command("ps-terminated", "List terminated tasks with their outcome") { _filter, _persistent, _outcome, _sort, _descending, _offset, _limit, _all };
        Definition.Aliases.Add("pst");
        Definition.Aliases.Add("pt");
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var page = _monitor.GetTerminated(new TerminatedQuery
        {
            Filter = parse.GetValue(_filter),
            PersistentOnly = parse.GetValue(_persistent),
            Outcome = parse.GetValue(_outcome),
            Sort = parse.GetValue(_sort),
            Descending = parse.GetValue(_descending),
            Offset = parse.GetValue(_offset),
            Limit = parse.GetValue(_limit),
            IncludeMonitor = parse.GetValue(_all),
        });
        return ValueTask.FromResult<CommandResult>(new PsTerminatedResult(page));
    }
}
