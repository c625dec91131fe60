namespace Taskmon.Inspection;

/// <summary>How a task ended.</summary>
public enum TaskOutcome
{
    /// <summary>Ran to completion.</summary>
    Completed = 0,

    /// <summary>Ended cancelled (an <see cref="OperationCanceledException"/>).</summary>
    Cancelled = 1,

    /// <summary>Ended with an exception.</summary>
    Faulted = 2,

    /// <summary>Collected by the GC before completing: whatever it awaited was dropped, so it could never finish.</summary>
    Lost = 3,
}
