namespace Taskmon.Attach;

/// <summary>Identical chains of pending async work: the same methods, states and awaited things.</summary>
internal sealed record ChainGroup(int Id, int Count, PendingNode Sample, string Summary, IReadOnlyList<ulong> Roots)
{
    /// <summary>A thread is blocked on this chain's root (<c>.Result</c>, <c>Wait()</c>).</summary>
    public bool SyncOverAsync => Sample.BlockedThreadWaits;
}

/// <summary>One frame of a managed thread's stack; the line is filled in from the PDB after the detach.</summary>
internal sealed class ThreadFrame(string method)
{
    public string Method { get; } = method;

    public string? File { get; set; }

    public int Line { get; set; }
}

/// <summary>A managed thread and its stack; a sync-over-async thread names the chain root it blocks on, when found.</summary>
internal sealed record ThreadView(int ManagedId, uint OsId, IReadOnlyList<ThreadFrame> Frames, bool SyncOverAsync, ulong? BlockedOnRoot)
{
    /// <summary>The chain <see cref="BlockedOnRoot"/> is in (set once the chains are built, after the detach).</summary>
    public int? BlockedOnChain { get; set; }
}

/// <summary>Everything one attach read: chains root first, grouped; threads (null when not read); what it cost.</summary>
internal sealed record Snapshot(
    int Pid,
    string ProcessName,
    string RuntimeVersion,
    IReadOnlyList<ChainGroup> Chains,
    IReadOnlyList<ThreadView>? Threads,
    int PendingTasks,
    long HeapObjects,
    TimeSpan Paused,
    TimeSpan Elapsed)
{
    /// <summary>Read from a dump the runtime wrote (ptrace refused, or <c>--dump</c>), not by attaching; the dump is deleted.</summary>
    public bool ViaDump { get; init; }
}
