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

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "Taskmon terminal not started: '{Address}' is not an IP address (or localhost)")]
    public static partial void NotAnAddress(ILogger logger, string address);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "Taskmon terminal not started: refusing to listen on non-loopback address {Address} without AllowRemote=true and a Token")]
    public static partial void RemoteRefused(ILogger logger, System.Net.IPAddress address);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "Taskmon terminal not started: cannot listen on {Address}:{Port}: {Reason}")]
    public static partial void CannotListen(ILogger logger, System.Net.IPAddress address, int port, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Information, Message = "Taskmon terminal listening on {Address}:{Port}")]
    public static partial void Listening(ILogger logger, System.Net.IPAddress address, int port);

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "Taskmon terminal: accept failed: {Reason}")]
    public static partial void AcceptFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Taskmon terminal session {Session} failed")]
    public static partial void ServeFailed(ILogger logger, long session, Exception exception);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information, Message = "Taskmon terminal listening on {Path} (taskmon --pid finds it)")]
    public static partial void UnixSocketListening(ILogger logger, string path);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Taskmon terminal: no Unix socket at {Path}: {Reason}; taskmon --pid reads a snapshot instead of the live terminal (TCP is not affected)")]
    public static partial void UnixSocketFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 114, Level = LogLevel.Debug, Message = "Taskmon terminal: {Path} is served by another monitor of this process")]
    public static partial void UnixSocketHeld(ILogger logger, string path);
}
