namespace Taskmon.Inspection;

/// <summary>One row of a live task list.</summary>
/// <param name="Task">The task.</param>
/// <param name="Depth">Nesting depth in tree mode (0 for roots, and always 0 in flat mode).</param>
public sealed record TaskListItem(LiveTask Task, int Depth);
