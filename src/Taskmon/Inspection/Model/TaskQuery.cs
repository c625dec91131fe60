namespace Taskmon.Inspection;

/// <summary>Which live tasks to list and how.</summary>
public sealed record TaskQuery
{
    /// <summary>Case-insensitive substring matched against name and method; null or empty matches all.</summary>
    public string? Filter { get; init; }

    /// <summary>Only persistent tasks.</summary>
    public bool PersistentOnly { get; init; }

    /// <summary>Also list the monitor's own tasks (<see cref="LiveTask.IsMonitor"/>); default false.</summary>
    public bool IncludeMonitor { get; init; }

    /// <summary>Only tasks of this origin; null for both.</summary>
    public TaskOrigin? Origin { get; init; }

    /// <summary>Sort key; default <see cref="TaskSortKey.Id"/>.</summary>
    public TaskSortKey Sort { get; init; } = TaskSortKey.Id;

    /// <summary>Reverse the sort order.</summary>
    public bool Descending { get; init; }

    /// <summary>Items to skip (paging); default 0.</summary>
    public int Offset { get; init; }

    /// <summary>Maximum items returned, from 1 to <see cref="QueryVocabulary.MaxLimit"/> (larger values are capped); default <see cref="QueryVocabulary.DefaultLimit"/>.</summary>
    public int Limit { get; init; } = QueryVocabulary.DefaultLimit;

    /// <summary>Group into top-level chains: each root followed by its descendants (by parent), depth-first, with <see cref="TaskListItem.Depth"/> set.</summary>
    public bool Tree { get; init; }
}
