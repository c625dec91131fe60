using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>What a buffered event is (see <see cref="TplEventEntry"/>).</summary>
internal enum TplEventKind : byte
{
    /// <summary>An async method began (TraceOperationBegin).</summary>
    Begin,

    /// <summary>An async method ended (TraceOperationEnd); <see cref="TplEventEntry.Arg"/> is the status.</summary>
    End,

    /// <summary>A run began on this thread (TraceSynchronousWorkBegin); <see cref="TplEventEntry.Arg"/> is the work kind.</summary>
    RunBegin,

    /// <summary>The innermost run on this thread ended (TraceSynchronousWorkEnd); <see cref="TplEventEntry.Arg"/> is the work kind.</summary>
    RunEnd,

    /// <summary>An explicit task's work started on this thread: its runtime id belongs to the explicit record now.</summary>
    Absorb,
}

/// <summary>
/// One event as the listener saw it on the app's thread: the few fields the records are built from later, off that
/// thread (<see cref="EventQueue"/>). A struct in a per-thread array: appending one allocates nothing.
/// </summary>
internal struct TplEventEntry
{
    /// <summary>
    /// When the event was raised, in UTC ticks (the runtime's own stamp on the event, so the app's thread reads no clock
    /// for it): the drain's order across threads, turned into Stopwatch ticks for the records.
    /// </summary>
    public long Timestamp;

    /// <summary>Begin: the operation name. End: the task object, taken from the runtime's table at once when the drain needs it (a fault, a shared id). Absorb: the explicit record.</summary>
    public object? Ref;

    /// <summary>Begin: the creation stack captured on the app's thread (null when none).</summary>
    public object? Extra;

    /// <summary>Begin: the monitored task whose code ran (<see cref="CurrentTask"/>), the parent when no discovered run is open.</summary>
    public TaskRecord? Current;

    /// <summary>The runtime task id.</summary>
    public int Id;

    /// <summary>End: status; RunBegin/RunEnd: work kind; Absorb: 1 when the work had completed already.</summary>
    public int Arg;

    public TplEventKind Kind;
}
