using System.CommandLine;
using Taskmon.Hosting;
using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary><c>tracking off|pending|full|on|status [--stacks MODE]</c>: switch the discovery level and creation stacks at run time (<c>on</c> = full).</summary>
internal sealed class TrackingCommand : IMonitorCommand
{
    private readonly TaskMonitor _monitor;
    private readonly Argument<string> _action = new("action") { Description = "off, pending, full (on = full) or status", DefaultValueFactory = _ => "status" };
    private readonly Option<CreationStackMode?> _stacks = QueryOptions.Choice("--stacks", null, QueryVocabulary.CreationStackModes, "Creation stacks");

    public TrackingCommand(TaskMonitor monitor)
    {
        _monitor = monitor;
        _action.AcceptOnlyFromAmong("off", "pending", "full", "on", "status");
        Definition = new Command("tracking", "Switch the discovery level (off, pending, full) and the stack mode, or show them") { _action, _stacks };
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        var action = parse.GetValue(_action);
        if (action is "off" or "pending" or "full" or "on")
        {
            QueryVocabulary.DiscoveryLevels.TryParse(action, out var asked);
            _monitor.DiscoveryLevel = asked;
            var running = _monitor.DiscoveryLevel;
            changes.Add(running == asked
                ? $"discovery {QueryVocabulary.DiscoveryLevels.NameOf(running)}{(running == DiscoveryLevel.Off ? " (explicit tasks are still tracked)" : "")}"
                : $"discovery {QueryVocabulary.DiscoveryLevels.NameOf(asked)} is unavailable here: running {QueryVocabulary.DiscoveryLevels.NameOf(running)} (see below)");
        }

        if (parse.GetValue(_stacks) is { } mode)
        {
            _monitor.CreationStacks = mode;
            changes.Add($"creation stacks: {QueryVocabulary.CreationStackModes.NameOf(mode)}");
        }
        return ValueTask.FromResult<CommandResult>(new TrackingResult(_monitor.GetStatus(), changes.Count == 0 ? null : string.Join("; ", changes)));
    }
}
