namespace Taskmon.Inspection;

/// <summary>What a live task is doing at the moment of a snapshot.</summary>
public enum TaskState
{
    /// <summary>Not known: run-time accounting is off and the task's state machine could not be read.</summary>
    Unknown = 0,

    /// <summary>Running on a thread now (between two awaits).</summary>
    Running = 1,

    /// <summary>Suspended at an await, waiting for something to complete.</summary>
    Waiting = 2,
}
