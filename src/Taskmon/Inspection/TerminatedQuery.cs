namespace Taskmon.Inspection;

/// <summary>Which terminated tasks to list, in what order (by default newest first).</summary>
public sealed record TerminatedQuery
{
    /// <summary>Case-insensitive substring matched against name and method; null or empty matches all.</summary>
    public string? Filter { get; init; }

    /// <summary>Only the persistent history.</summary>
    public bool PersistentOnly { get; init; }

    /// <summary>Only this outcome; null for all.</summary>
    public TaskOutcome? Outcome { get; init; }

    /// <summary>Sort key; default <see cref="TerminatedSortKey.Terminated"/>.</summary>
    public TerminatedSortKey Sort { get; init; } = TerminatedSortKey.Terminated;

    /// <summary>Largest first; default true, so the default order is newest first. Ties keep newest first.</summary>
    public bool Descending { get; init; } = true;

    /// <summary>Items to skip (paging); default 0.</summary>
    public int Offset { get; init; }

    /// <summary>Maximum items returned; default 100.</summary>
    public int Limit { get; init; } = 100;
}
