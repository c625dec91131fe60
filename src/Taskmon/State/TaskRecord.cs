using Taskmon.Inspection;

namespace Taskmon.State;

/// <summary>
/// The mutable, internal record of one live task. Small on purpose: names and stacks are resolved at query
/// time. It never holds a discovered task strongly (only a weak handle), so the app's dropped tasks can die.
/// </summary>
internal sealed class TaskRecord
{
    public TaskRecord(long id, TaskOrigin origin, string name, long startTimestamp)
    {
        Id = id;
        Origin = origin;
        Name = name;
        StartTimestamp = startTimestamp;
    }

    public long Id { get; private set; }

    public TaskOrigin Origin { get; private set; }

    public string Name { get; set; }

    /// <summary>The method, once resolved; null means "derive from <see cref="OperationName"/>".</summary>
    public string? Method { get; set; }

    /// <summary>The runtime's operation name for discovered tasks (e.g. <c>Async: &lt;Loop&gt;d__4</c>).</summary>
    public string? OperationName { get; set; }

    public long StartTimestamp { get; private set; }

    /// <summary>The async state machine type, when known (JIT with task objects, or explicit work).</summary>
    public Type? Machine { get; set; }

    public long ParentId { get; set; }

    /// <summary>The monitor's own task (its state machine is declared in a Taskmon assembly): hidden unless asked.</summary>
    public bool Monitor { get; set; }

    /// <summary>The creation site (explicit tasks: from caller information, resolved through <c>CallSites</c> at start).</summary>
    public CreationSite? Site { get; set; }

    /// <summary>Explicit work that is not an async method: named from the delegate, lazily.</summary>
    public Delegate? WorkDelegate { get; set; }

    public StackFrameInfo[]? CreationStack { get; set; }

    public bool Persistent { get; set; }

    /// <summary>The runtime task id this record follows in TPL events (0 when none).</summary>
    public int TplId { get; set; }

    /// <summary>
    /// An older live record that followed the same runtime task id when this one began (ids are 32-bit and wrap around
    /// while long-lived tasks live): this record took the id over in the index and hands it back when it ends.
    /// </summary>
    public TaskRecord? Shadowed;

    /// <summary>
    /// Set (on the app's thread) when another task began under this record's runtime id: its end event then takes the
    /// task object under that id out of the runtime's table at once, before the runtime drops the id's entry.
    /// </summary>
    public int IdShared;

    /// <summary>Set once its task object's completion (a continuation) ends this record: end events for the id no longer do.</summary>
    public int FollowedByObject;

    /// <summary>Explicit tasks: the token source the operator cancels through.</summary>
    public CancellationTokenSource? Cancellation { get; set; }

    /// <summary>Explicit tasks: the canceller capture's registration on the caller's token, taken off when the task ends.</summary>
    public CancellationTokenRegistration CallerRegistration;

    /// <summary>Explicit tasks: the work's task (held strongly: the returned task holds it anyway).</summary>
    public Task? Work { get; set; }

    /// <summary>Discovered tasks on JIT: the task object, held weakly.</summary>
    public WeakReference<Task>? WeakTask { get; set; }

    public CancellationInfo? Canceller { get; set; }

    /// <summary>Set by the operator before cancelling so the capture records <see cref="CancellationKind.Operator"/>.</summary>
    public volatile bool OperatorCancelling;

    // Run-time accounting (written by the event thread of the task itself; read racily by queries).
    public int Resumptions;
    public long BusyTicks;
    public long RunStartTimestamp;
    public long LongestRunTicks;
    public int BlockingRuns;
    public ulong RunHistogram; // RunTimes: eight one-byte buckets

    /// <summary>The lost-task sweep saw the task object dead once (it acts on the second sighting).</summary>
    public bool SeenDead;

    /// <summary>Full discovery after dropped events: the sweep saw the task object completed once, the end event not in (it acts on the second sighting).</summary>
    public bool SeenCompleted;

    /// <summary>In the registry's lists (live records, runtime-id index); false while discovery's drain keeps it to itself.</summary>
    public bool Listed;

    /// <summary>Set once, by whoever terminates the record first (completion, loss, or removal).</summary>
    public int Terminated;

    /// <summary>
    /// Makes this record a new one (every field as the constructor leaves it): discovery's drain reuses a record that
    /// terminated unlisted and that nothing refers to any more, instead of allocating one per short task.
    /// </summary>
    public void Reuse(long id, TaskOrigin origin, string name, long startTimestamp)
    {
        Id = id;
        Origin = origin;
        Name = name;
        StartTimestamp = startTimestamp;
        Method = null;
        OperationName = null;
        Machine = null;
        ParentId = 0;
        Monitor = false;
        Site = null;
        WorkDelegate = null;
        CreationStack = null;
        Persistent = false;
        TplId = 0;
        Shadowed = null;
        IdShared = 0;
        FollowedByObject = 0;
        Cancellation = null;
        CallerRegistration = default;
        Work = null;
        WeakTask = null;
        Canceller = null;
        OperatorCancelling = false;
        Resumptions = 0;
        BusyTicks = 0;
        RunStartTimestamp = 0;
        LongestRunTicks = 0;
        BlockingRuns = 0;
        RunHistogram = 0;
        SeenDead = false;
        SeenCompleted = false;
        Listed = false;
        Terminated = 0;
    }
}
