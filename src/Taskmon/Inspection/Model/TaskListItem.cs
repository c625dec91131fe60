namespace Taskmon.Inspection;

/// <summary>One row of a live task list.</summary>
public sealed record TaskListItem
{
    /// <summary>The task.</summary>
    public required LiveTask Task { get; init; }

    /// <summary>Nesting depth in tree mode (0 for roots, and always 0 in flat mode).</summary>
    public required int Depth { get; init; }
}
