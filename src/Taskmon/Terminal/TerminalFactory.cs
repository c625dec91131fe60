using Microsoft.Extensions.Logging;
using Taskmon.Commands;

namespace Taskmon.Terminal;

/// <summary>Assembles a terminal server: the built-in commands, the app's commands, the greeting.</summary>
internal static class TerminalFactory
{
    public static CommandCatalog CreateCatalog(TerminalOptions options, IEnumerable<IMonitorCommand> monitorCommands)
    {
        CommandCatalog? catalog = null;
        var commands = new List<IMonitorCommand> { new HelpCommand(() => catalog!) };
        commands.AddRange(monitorCommands);
        commands.Add(new StackTraceCommand());
        commands.Add(new SignalCommand());
        commands.Add(new ExitCommand());
        commands.AddRange(options.Commands.Select(c => new AppCommand(c)));
        catalog = new CommandCatalog(commands);
        return catalog;
    }

    public static TerminalServer CreateServer(TerminalOptions options, IEnumerable<IMonitorCommand> monitorCommands, Func<string> greeting, ILogger logger) =>
        new(new SessionHost(options, CreateCatalog(options, monitorCommands), greeting, logger));
}
