using System.Globalization;
using Microsoft.Extensions.Logging;
using Taskmon.Commands;

namespace Taskmon.Terminal;

/// <summary>Assembles a terminal server: the built-in commands, the app's commands, the greeting.</summary>
internal static class TerminalFactory
{
    /// <summary>The commands that read or act on the monitor, in the order help lists them.</summary>
    public static IEnumerable<IMonitorCommand> MonitorCommands(TaskMonitor monitor) =>
    [
        new PsCommand(monitor),
        new WhereCommand(monitor),
        new CancelCommand(monitor),
        new PsTerminatedCommand(monitor),
        new WhereTerminatedCommand(monitor),
        new ThreadPoolCommand(monitor),
        new TrackingCommand(monitor),
        new TopCommand(monitor),
    ];

    public static CommandCatalog CreateCatalog(TerminalOptions options, IEnumerable<IMonitorCommand> monitorCommands)
    {
        CommandCatalog? catalog = null;
        var commands = new List<IMonitorCommand> { new HelpCommand(() => catalog!) };
        commands.AddRange(monitorCommands);
        commands.Add(new StackTraceCommand());
        commands.Add(new SignalCommand());
        commands.Add(new ExitCommand());
        commands.AddRange(options.AppCommands().Select(c => new AppCommand(c)));
        catalog = new CommandCatalog(commands);
        return catalog;
    }

    public static CommandCatalog CreateCatalog(TerminalOptions options, TaskMonitor monitor) =>
        CreateCatalog(options, MonitorCommands(monitor));

    public static TerminalServer CreateServer(TerminalOptions options, IEnumerable<IMonitorCommand> monitorCommands, Func<string> greeting, ILogger logger) =>
        new(new SessionHost(options, CreateCatalog(options, monitorCommands), greeting, logger));

    public static TerminalServer CreateServer(TerminalOptions options, TaskMonitor monitor, ILogger logger) =>
        CreateServer(options, MonitorCommands(monitor), () => Greeting(monitor), logger);

    private static string Greeting(TaskMonitor monitor) =>
        string.Create(CultureInfo.InvariantCulture, $"Taskmon: {monitor.GetCounts().Live} tasks running");
}
