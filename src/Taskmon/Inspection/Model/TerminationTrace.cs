namespace Taskmon.Inspection;

/// <summary>What <c>where-terminated</c> shows for a terminated task.</summary>
public sealed record TerminationTrace
{
    /// <summary>The record.</summary>
    public required TerminatedTask Task { get; init; }

    /// <summary>The creation chain at the time it terminated (the task first).</summary>
    public required IReadOnlyList<CreationLink> CreationChain { get; init; }

    /// <summary>The termination stack: the exception's stack for faulted tasks, the canceller's stack for cancelled ones, the stuck await for lost ones.</summary>
    public required IReadOnlyList<StackFrameInfo> TerminationStack { get; init; }

    /// <summary>The exception text for faulted tasks, at most 8,192 characters (then a <c>… [truncated, N chars]</c> marker).</summary>
    public string? ExceptionText { get; init; }

    /// <summary>The cancellation chain: who cancelled this task, then who cancelled that canceller, and so on.</summary>
    public required IReadOnlyList<CancellationInfo> CancellationChain { get; init; }

    /// <summary>
    /// "Just My Code": the same trace with every run of two or more framework frames (<see cref="StackFrameInfo.User"/>
    /// false) in its stacks replaced by one frame, <c>… N framework frames</c> (<see cref="StackFrameInfo.Hidden"/> = N).
    /// </summary>
    /// <returns>A collapsed copy.</returns>
    public TerminationTrace WithFrameworkFramesCollapsed() => JustMyCode.Collapse(this);
}
