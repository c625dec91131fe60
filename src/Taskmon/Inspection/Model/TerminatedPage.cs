namespace Taskmon.Inspection;

/// <summary>A page of terminated tasks, in the order the query asked for (by default newest first).</summary>
public sealed record TerminatedPage
{
    /// <summary>The rows of this page.</summary>
    public required IReadOnlyList<TerminatedTask> Items { get; init; }

    /// <summary>How many records matched the query before paging.</summary>
    public required int TotalMatching { get; init; }

    /// <summary>The offset used.</summary>
    public required int Offset { get; init; }

    /// <summary>The limit used (after the core's cap).</summary>
    public required int Limit { get; init; }
}
