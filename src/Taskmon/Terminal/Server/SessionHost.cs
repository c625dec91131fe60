using Microsoft.Extensions.Logging;
using Taskmon.Commands;

namespace Taskmon.Terminal;

/// <summary>What every session of one server shares: settings, the commands and the greeting.</summary>
internal sealed class SessionHost(TerminalOptions options, CommandCatalog catalog, Func<string> greeting, ILogger logger)
{
    public TerminalOptions Options { get; } = options;

    public CommandCatalog Catalog { get; } = catalog;

    public ILogger Logger { get; } = logger;

    public string Prompt { get; } = options.Prompt.Replace("{pid}", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>How long to wait for a client's first bytes to tell telnet from a plain line client.</summary>
    public TimeSpan DetectTimeout { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>How long a socket write may stall (or a large result wait for room) before the client is dropped.</summary>
    public TimeSpan StallTimeout => Options.StallTimeout;

    /// <summary>The first line of the greeting, e.g. <c>Taskmon: 12 tasks running</c>.</summary>
    public string Greeting()
    {
        try
        {
            return greeting();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return "Taskmon";
        }
    }
}
