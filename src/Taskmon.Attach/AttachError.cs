namespace Taskmon.Attach;

/// <summary>Why a snapshot could not be taken; the value is taskmon's exit code (documented in its usage text).</summary>
public enum AttachError
{
    /// <summary>No process has that id.</summary>
    NoSuchProcess = 6,

    /// <summary>The process runs no .NET runtime that can be read (or its runtime has no DAC beside it).</summary>
    NotDotNet = 7,

    /// <summary>A Native AOT process: there is no runtime data access library for it.</summary>
    NativeAot = 8,

    /// <summary>Not allowed to read the process (another user, no CAP_SYS_PTRACE, kernel.yama.ptrace_scope).</summary>
    NotPermitted = 9,

    /// <summary>The process exited while it was being read.</summary>
    ProcessExited = 10,

    /// <summary>This taskmon build cannot read other processes (the static binary).</summary>
    Unsupported = 11,

    /// <summary>The heap could not be read (a GC in progress, a corrupt heap, the client's memory limit).</summary>
    ReadFailed = 12,
}
