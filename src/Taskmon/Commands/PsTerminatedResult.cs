using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary><c>ps-terminated</c>: terminated tasks, newest first.</summary>
internal sealed record PsTerminatedResult(int Matching, IReadOnlyList<TerminatedTask> Tasks) : CommandResult;
