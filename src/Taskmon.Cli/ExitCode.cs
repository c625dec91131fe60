namespace Taskmon.Cli;

/// <summary>Exit status of <c>taskmon</c>. 0–2 are the remote command's own status.</summary>
internal enum ExitCode
{
    /// <summary>The session ended normally, or the command succeeded.</summary>
    Success = 0,

    /// <summary>The command ran and failed (e.g. no such task).</summary>
    CommandFailed = 1,

    /// <summary>Bad arguments to taskmon, or the command's usage was wrong.</summary>
    Usage = 2,

    /// <summary>Could not connect to the monitored process.</summary>
    ConnectionFailed = 3,

    /// <summary>The server closed the connection or answered something unexpected.</summary>
    ProtocolError = 4,

    /// <summary>The server refused the token.</summary>
    AccessDenied = 5,
}
