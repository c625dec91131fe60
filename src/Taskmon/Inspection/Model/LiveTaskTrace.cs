namespace Taskmon.Inspection;

/// <summary>What <c>where</c> shows for a live task.</summary>
public sealed record LiveTaskTrace
{
    /// <summary>The task.</summary>
    public required LiveTask Task { get; init; }

    /// <summary>The creation chain: the task first, then its parent, grandparent, and so on.</summary>
    public required IReadOnlyList<CreationLink> CreationChain { get; init; }

    /// <summary>The logical async stack, innermost await first, ending with the task's own method.</summary>
    public required IReadOnlyList<AsyncFrame> AsyncStack { get; init; }

    /// <summary>The task's run-time histogram so far (run-time accounting; all zero when off or before its first resumption).</summary>
    public IReadOnlyList<RunTimeBucket> RunTimes { get; init; } = [];

    /// <summary>A note on the stack's quality, e.g. "running on a thread", "Native AOT: methods and states only", or why it is unavailable; null when complete.</summary>
    public string? StackNote { get; init; }

    /// <summary>
    /// "Just My Code": the same trace with every run of two or more framework frames (<see cref="StackFrameInfo.User"/>
    /// false) in its stacks replaced by one frame, <c>… N framework frames</c> (<see cref="StackFrameInfo.Hidden"/> = N).
    /// </summary>
    /// <returns>A collapsed copy.</returns>
    public LiveTaskTrace WithFrameworkFramesCollapsed() => JustMyCode.Collapse(this);
}
