using Microsoft.Extensions.Logging;

namespace Taskmon.Terminal;

/// <summary>The terminal server's log events (source-generated). Client-supplied text is passed through <see cref="SafeText"/> first.</summary>
internal static partial class TerminalLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Taskmon terminal: closed a connection that spoke HTTP (a web page posting to the terminal port?), nothing run; first line: {Line}")]
    public static partial void ForeignProtocol(ILogger logger, string line);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Taskmon terminal: a client sent a wrong token")]
    public static partial void WrongToken(ILogger logger);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Taskmon terminal: {Reason}")]
    public static partial void SessionTimedOut(ILogger logger, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Taskmon terminal: dropped a client that stopped reading its output")]
    public static partial void SlowClientDropped(ILogger logger);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Taskmon terminal session failed")]
    public static partial void SessionFailed(ILogger logger, Exception exception);
}
