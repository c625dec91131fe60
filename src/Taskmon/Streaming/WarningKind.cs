namespace Taskmon.Streaming;

/// <summary>What a <see cref="TaskWarning"/> is about.</summary>
public enum WarningKind
{
    /// <summary>A run lasted longer than <c>BlockingThreshold</c>: the task holds its thread (sync over async?).</summary>
    Blocking = 0,

    /// <summary>A task was collected before it completed (nobody could ever complete it).</summary>
    Lost = 1,

    /// <summary>The thread pool's queue keeps growing while its threads are busy (at least the pool's minimum of them).</summary>
    Starvation = 2,

    /// <summary>Tasks (not persistent) have been waiting longer than <c>PendingWarningThreshold</c>.</summary>
    LongPending = 3,

    /// <summary>The number of pending tasks of one method keeps growing (a leak?).</summary>
    PendingGrowth = 4,

    /// <summary>A task faulted and nobody observed its exception (reported when the runtime collects it).</summary>
    UnobservedFault = 5,
}
