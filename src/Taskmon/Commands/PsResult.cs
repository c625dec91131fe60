using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary>
/// <c>ps</c>: live tasks. <see cref="Live"/> is the true number of live tasks, <see cref="Matching"/>
/// those passing the filter, <see cref="Tasks"/> the page shown (with tree depth when grouped).
/// </summary>
internal sealed record PsResult(int Live, int Matching, bool Tree, IReadOnlyList<TaskListItem> Tasks) : CommandResult;
