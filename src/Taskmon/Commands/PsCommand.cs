using System.CommandLine;
using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary><c>ps</c> (<c>p</c>): live tasks, filtered, sorted, optionally grouped into await chains.</summary>
internal sealed class PsCommand : IMonitorCommand
{
    private readonly TaskMonitor _monitor;
    private readonly Option<string?> _filter = new("--filter", "-f") { Description = "Only tasks whose name or method contains TEXT" };
    private readonly Option<bool> _persistent = new("--persistent", "-p") { Description = "Only persistent tasks" };
    private readonly Option<string> _sort = new("--sort") { Description = "Order: id, age, name, state or busy", DefaultValueFactory = _ => "id" };
    private readonly Option<bool> _descending = new("--desc") { Description = "Reverse the order" };
    private readonly Option<int> _limit = new("--limit", "-n") { Description = "Show at most N tasks", DefaultValueFactory = _ => 50 };
    private readonly Option<bool> _tree = new("--tree", "-t") { Description = "Group into chains: who awaits whom" };

    public PsCommand(TaskMonitor monitor)
    {
        _monitor = monitor;
        _sort.AcceptOnlyFromAmong("id", "age", "name", "state", "busy");
        Definition = new Command("ps", "List live tasks") { _filter, _persistent, _sort, _descending, _limit, _tree };
        Definition.Aliases.Add("p");
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var limit = parse.GetValue(_limit);
        if (limit is < 1 or > 100_000)
        {
            return ValueTask.FromResult<CommandResult>(MessageResult.Error("--limit must be between 1 and 100000"));
        }
        var query = new TaskQuery
        {
            Filter = parse.GetValue(_filter),
            PersistentOnly = parse.GetValue(_persistent),
            Sort = Sort(parse.GetValue(_sort)),
            Descending = parse.GetValue(_descending),
            Limit = limit,
            Tree = parse.GetValue(_tree),
        };
        var page = _monitor.GetTasks(query);
        var live = _monitor.GetCounts().Live;
        return ValueTask.FromResult<CommandResult>(new PsResult(live, page.TotalMatching, query.Tree, page.Items));
    }

    internal static TaskSortKey Sort(string? key) => key switch
    {
        "age" => TaskSortKey.Age,
        "name" => TaskSortKey.Name,
        "state" => TaskSortKey.State,
        "busy" => TaskSortKey.Busy,
        _ => TaskSortKey.Id,
    };
}
