using System.CommandLine;
using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary><c>ps</c> (<c>p</c>): live tasks, filtered, sorted, optionally grouped into await chains.</summary>
internal sealed class PsCommand : IMonitorCommand
{
    private readonly TaskMonitor _monitor;
    private readonly Option<string?> _filter = new("--filter", "-f") { Description = "Only tasks whose name or method contains TEXT" };
    private readonly Option<bool> _persistent = new("--persistent", "-p") { Description = "Only persistent tasks" };
    private readonly Option<TaskOrigin?> _origin = QueryOptions.Choice("--origin", null, QueryVocabulary.Origins, "Only tasks of this origin");
    private readonly Option<TaskSortKey?> _sort = QueryOptions.Choice("--sort", null, QueryVocabulary.TaskSorts, "Order (default id)");
    private readonly Option<bool> _descending = new("--desc") { Description = "Reverse the order" };
    private readonly Option<int> _offset = QueryOptions.Offset("tasks");
    private readonly Option<int> _limit = QueryOptions.Limit("tasks");
    private readonly Option<bool> _tree = new("--tree", "-t") { Description = "Group into chains: who awaits whom" };
    private readonly Option<bool> _all = new("--all", "-a") { Description = "Also list the monitor's own tasks (its server and session loops)" };

    public PsCommand(TaskMonitor monitor)
    {
        _monitor = monitor;
        Definition = new Command("ps", "List live tasks") { _filter, _persistent, _origin, _sort, _descending, _offset, _limit, _tree, _all };
        Definition.Aliases.Add("p");
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var query = new TaskQuery
        {
            Filter = parse.GetValue(_filter),
            PersistentOnly = parse.GetValue(_persistent),
            Origin = parse.GetValue(_origin),
            Sort = parse.GetValue(_sort) ?? TaskSortKey.Id,
            Descending = parse.GetValue(_descending),
            Offset = parse.GetValue(_offset),
            Limit = parse.GetValue(_limit),
            Tree = parse.GetValue(_tree),
            IncludeMonitor = parse.GetValue(_all),
        };
        var (page, counts) = _monitor.GetTasksAndCounts(query);
        var live = counts.Live + (query.IncludeMonitor ? counts.LiveMonitor : 0);
        return ValueTask.FromResult<CommandResult>(new PsResult(page, live, query.Tree));
    }
}
