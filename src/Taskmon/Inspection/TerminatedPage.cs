namespace Taskmon.Inspection;

/// <summary>A page of terminated tasks, newest first.</summary>
/// <param name="Items">The records of this page.</param>
/// <param name="TotalMatching">How many records matched before paging.</param>
/// <param name="Offset">The offset used.</param>
/// <param name="Limit">The limit used.</param>
public sealed record TerminatedPage(IReadOnlyList<TerminatedTask> Items, int TotalMatching, int Offset, int Limit);
