namespace Taskmon.Commands;

/// <summary>
/// What can be seen of the process's threads from inside it: the OS threads, the stack of the
/// thread running the command, and a plain note on what is not available.
/// </summary>
internal sealed record StackTraceResult(
    int ProcessId,
    IReadOnlyList<ThreadRow> Threads,
    int CurrentManagedThreadId,
    IReadOnlyList<string> CurrentStack,
    bool NativeAot,
    string Note) : CommandResult;
