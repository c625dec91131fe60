namespace Taskmon.Inspection;

/// <summary>Sort order of a live task list.</summary>
public enum TaskSortKey
{
    /// <summary>By id (creation order).</summary>
    Id = 0,

    /// <summary>By age, oldest first.</summary>
    Age = 1,

    /// <summary>By name, ordinal.</summary>
    Name = 2,

    /// <summary>By state (running, then waiting, then unknown).</summary>
    State = 3,

    /// <summary>By busy time, busiest first.</summary>
    Busy = 4,
}
