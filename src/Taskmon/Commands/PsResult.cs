using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary>
/// <c>ps</c>: a page of live tasks, the same <see cref="TaskListPage"/> the web API returns, plus
/// <see cref="Live"/> (the true number of live tasks) and whether the page is a tree.
/// </summary>
internal sealed record PsResult(TaskListPage Page, int Live, bool Tree) : CommandResult;
