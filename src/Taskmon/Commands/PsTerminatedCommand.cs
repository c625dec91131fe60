using System.CommandLine;
using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary><c>ps-terminated</c> (<c>pst</c>, <c>pt</c>): the termination history, newest first unless sorted otherwise.</summary>
internal sealed class PsTerminatedCommand : IMonitorCommand
{
    private readonly TaskMonitor _monitor;
    private readonly Option<string?> _filter = new("--filter", "-f") { Description = "Only tasks whose name or method contains TEXT" };
    private readonly Option<bool> _persistent = new("--persistent", "-p") { Description = "Only persistent tasks" };
    private readonly Option<string?> _outcome = new("--outcome", "-o") { Description = "Only completed, cancelled, faulted or lost" };
    private readonly Option<string?> _sort = new("--sort") { Description = "Order: ended, started, name, outcome or duration (default: newest first)" };
    private readonly Option<bool> _descending = new("--desc") { Description = "Reverse the order given by --sort" };
    private readonly Option<int> _limit = new("--limit", "-n") { Description = "Show at most N records", DefaultValueFactory = _ => 50 };

    public PsTerminatedCommand(TaskMonitor monitor)
    {
        _monitor = monitor;
        _outcome.AcceptOnlyFromAmong("completed", "cancelled", "faulted", "lost");
        _sort.AcceptOnlyFromAmong("ended", "started", "name", "outcome", "duration");
        Definition = new Command("ps-terminated", "List terminated tasks with their outcome") { _filter, _persistent, _outcome, _sort, _descending, _limit };
        Definition.Aliases.Add("pst");
        Definition.Aliases.Add("pt");
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var limit = parse.GetValue(_limit);
        if (limit is < 1 or > 100_000)
        {
            return ValueTask.FromResult<CommandResult>(MessageResult.Error("--limit must be between 1 and 100000"));
        }
        TaskOutcome? outcome = parse.GetValue(_outcome) switch
        {
            "completed" => TaskOutcome.Completed,
            "cancelled" => TaskOutcome.Cancelled,
            "faulted" => TaskOutcome.Faulted,
            "lost" => TaskOutcome.Lost,
            _ => null,
        };
        // No --sort: the history's own order, newest first. With --sort: ascending unless --desc, as in ps.
        var sort = parse.GetValue(_sort);
        var page = _monitor.GetTerminated(new TerminatedQuery
        {
            Filter = parse.GetValue(_filter),
            PersistentOnly = parse.GetValue(_persistent),
            Outcome = outcome,
            Sort = sort switch
            {
                "started" => TerminatedSortKey.Started,
                "name" => TerminatedSortKey.Name,
                "outcome" => TerminatedSortKey.Outcome,
                "duration" => TerminatedSortKey.Duration,
                _ => TerminatedSortKey.Terminated,
            },
            Descending = sort is null || parse.GetValue(_descending),
            Limit = limit,
        });
        return ValueTask.FromResult<CommandResult>(new PsTerminatedResult(page.TotalMatching, page.Items));
    }
}
