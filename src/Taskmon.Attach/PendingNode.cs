namespace Taskmon.Attach;

/// <summary>What kind of pending thing a node of the await graph is.</summary>
internal enum NodeKind
{
    /// <summary>An async method suspended at an await (a state machine box).</summary>
    AsyncMethod,

    /// <summary>A task that is not an async method: a promise, a delay, a combinator, a continuation.</summary>
    Task,

    /// <summary>Something awaited that is not a task (a channel operation, another value task source).</summary>
    Source,
}

/// <summary>One pending task (or awaited value task source) found on the heap, and its await links.</summary>
internal sealed class PendingNode(ulong address, NodeKind kind, string name)
{
    public ulong Address { get; } = address;

    public NodeKind Kind { get; } = kind;

    /// <summary>For an async method its demangled name (<c>Stuck.InnerGateWaitAsync</c>); else what it is (<c>Task.Delay(01:00:00)</c>).</summary>
    public string Name { get; set; } = name;

    /// <summary>The state machine's state: which await it is suspended at (0-based), -1 running; null for other kinds.</summary>
    public int? State { get; set; }

    /// <summary>Source file and line of the await the method is suspended at, when a portable PDB is beside the assembly.</summary>
    public string? File { get; set; }

    /// <inheritdoc cref="File"/>
    public int Line { get; set; }

    /// <summary>For an async method: the awaiter it holds when no awaited task was found (e.g. <c>Task.Yield</c>).</summary>
    public string? AwaiterHint { get; set; }

    /// <summary>A thread is blocked waiting for this task (<c>.Result</c>, <c>Wait()</c>): sync-over-async.</summary>
    public bool BlockedThreadWaits { get; set; }

    /// <summary>What this node waits for (several for WhenAll/WhenAny).</summary>
    public List<PendingNode> Awaits { get; } = [];

    /// <summary>Who waits for this node; a node nobody waits for is the root of a chain.</summary>
    public List<PendingNode> AwaitedBy { get; } = [];

    public void Await(PendingNode child)
    {
        if (child == this || Awaits.Contains(child))
        {
            return;
        }
        Awaits.Add(child);
        child.AwaitedBy.Add(this);
    }
}
