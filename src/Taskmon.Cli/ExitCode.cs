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

    /// <summary>--pid: no process with that id.</summary>
    NoSuchProcess = 6,

    /// <summary>--pid: the process does not run the .NET runtime.</summary>
    NotDotNet = 7,

    /// <summary>--pid: a Native AOT process (its tasks cannot be read from outside).</summary>
    NativeAot = 8,

    /// <summary>--pid: not permitted to read the process (another user, CAP_SYS_PTRACE, kernel.yama.ptrace_scope).</summary>
    NotPermitted = 9,

    /// <summary>--pid: the process exited while it was read.</summary>
    ProcessExited = 10,

    /// <summary>--pid: this build (the static binary) cannot read other processes.</summary>
    AttachUnsupported = 11,

    /// <summary>--pid: reading the process failed (heap not walkable now, too large for memory, unexpected data).</summary>
    ReadFailed = 12,
}
