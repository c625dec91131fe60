namespace Taskmon.Inspection;

/// <summary>What happened to a cancel request.</summary>
public enum CancelOutcome
{
    /// <summary>No live task has that id.</summary>
    NotFound = 0,

    /// <summary>The task is not cancellable (a discovered task: the monitor owns no token for it).</summary>
    NotCancellable = 1,

    /// <summary>Cancellation was requested and the task terminated within the timeout.</summary>
    Cancelled = 2,

    /// <summary>Cancellation was requested but the task had not finished when the timeout elapsed.</summary>
    TimedOut = 3,
}
