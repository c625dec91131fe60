namespace Taskmon.Inspection;

/// <summary>Which terminated tasks to list (newest first).</summary>
public sealed record TerminatedQuery
{
    /// <summary>Case-insensitive substring matched against name and method; null or empty matches all.</summary>
    public string? Filter { get; init; }

    /// <summary>Only the persistent history.</summary>
    public bool PersistentOnly { get; init; }

    /// <summary>Only this outcome; null for all.</summary>
    public TaskOutcome? Outcome { get; init; }

    /// <summary>Items to skip (paging); default 0.</summary>
    public int Offset { get; init; }

    /// <summary>Maximum items returned; default 100.</summary>
    public int Limit { get; init; } = 100;
}
