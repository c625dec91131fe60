namespace Taskmon.Inspection;

/// <summary>A page of live tasks.</summary>
public sealed record TaskListPage
{
    /// <summary>The rows of this page.</summary>
    public required IReadOnlyList<TaskListItem> Items { get; init; }

    /// <summary>How many tasks matched the query before paging.</summary>
    public required int TotalMatching { get; init; }

    /// <summary>The offset used.</summary>
    public required int Offset { get; init; }

    /// <summary>The limit used (after the core's cap).</summary>
    public required int Limit { get; init; }
}
