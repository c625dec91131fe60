using System.CommandLine;
using Taskmon.Hosting;
using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary><c>tracking on|off|status [--stacks MODE]</c>: switch automatic discovery and creation stacks at run time.</summary>
internal sealed class TrackingCommand : IMonitorCommand
{
    private readonly TaskMonitor _monitor;
    private readonly Argument<string> _action = new("action") { Description = "on, off or status", DefaultValueFactory = _ => "status" };
    private readonly Option<CreationStackMode?> _stacks = QueryOptions.Choice("--stacks", null, QueryVocabulary.CreationStackModes, "Creation stacks");

    public TrackingCommand(TaskMonitor monitor)
    {
        _monitor = monitor;
        _action.AcceptOnlyFromAmong("on", "off", "status");
        Definition = new Command("tracking", "Switch automatic task discovery and its stack mode, or show them") { _action, _stacks };
    }

    public Command Definition { get; }

    public ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        switch (parse.GetValue(_action))
        {
            case "on":
                _monitor.DiscoveryEnabled = true;
                changes.Add(_monitor.DiscoveryEnabled ? "discovery switched on" : "discovery could not be switched on (see the app log)");
                break;
            case "off":
                _monitor.DiscoveryEnabled = false;
                changes.Add("discovery switched off (explicit tasks are still tracked)");
                break;
        }
        if (parse.GetValue(_stacks) is { } mode)
        {
            _monitor.CreationStacks = mode;
            changes.Add($"creation stacks: {QueryVocabulary.CreationStackModes.NameOf(mode)}");
        }
        return ValueTask.FromResult<CommandResult>(new TrackingResult(_monitor.GetStatus(), changes.Count == 0 ? null : string.Join("; ", changes)));
    }
}
