namespace Taskmon.Inspection;

/// <summary>Sort order of the termination history.</summary>
public enum TerminatedSortKey
{
    /// <summary>By termination time (the history's own order).</summary>
    Terminated = 0,

    /// <summary>By start time.</summary>
    Started = 1,

    /// <summary>By name, ordinal.</summary>
    Name = 2,

    /// <summary>By outcome: completed, cancelled, faulted, lost.</summary>
    Outcome = 3,

    /// <summary>By how long the task lived, start to termination.</summary>
    Duration = 4,
}
