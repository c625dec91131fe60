namespace Taskmon.Inspection;

/// <summary>Which terminated tasks to list, in what order (by default newest first).</summary>
public sealed record TerminatedQuery
{
    /// <summary>Case-insensitive substring matched against name and method; null or empty matches all.</summary>
    public string? Filter { get; init; }

    /// <summary>Only the persistent history.</summary>
    public bool PersistentOnly { get; init; }

    /// <summary>Also list the monitor's own tasks (<see cref="TerminatedTask.IsMonitor"/>); default false.</summary>
    public bool IncludeMonitor { get; init; }

    /// <summary>Only this outcome; null for all.</summary>
    public TaskOutcome? Outcome { get; init; }

    /// <summary>
    /// Sort key; null (the default) for the history's own order, newest first, whatever <see cref="Descending"/> says.
    /// A key sorts ascending unless <see cref="Descending"/>, as for live tasks; ties keep newest first.
    /// </summary>
    public TerminatedSortKey? Sort { get; init; }

    /// <summary>Reverse the order given by <see cref="Sort"/> (largest first); no effect without a sort key.</summary>
    public bool Descending { get; init; }

    /// <summary>Items to skip (paging); default 0.</summary>
    public int Offset { get; init; }

    /// <summary>Maximum items returned, from 1 to <see cref="QueryVocabulary.MaxLimit"/> (larger values are capped); default <see cref="QueryVocabulary.DefaultLimit"/>.</summary>
    public int Limit { get; init; } = QueryVocabulary.DefaultLimit;
}
