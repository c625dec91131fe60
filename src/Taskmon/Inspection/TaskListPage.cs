namespace Taskmon.Inspection;

/// <summary>A page of live tasks.</summary>
/// <param name="Items">The rows of this page.</param>
/// <param name="TotalMatching">How many tasks matched the query before paging.</param>
/// <param name="Offset">The offset used.</param>
/// <param name="Limit">The limit used.</param>
public sealed record TaskListPage(IReadOnlyList<TaskListItem> Items, int TotalMatching, int Offset, int Limit);
