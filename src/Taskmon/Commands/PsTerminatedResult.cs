using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary><c>ps-terminated</c>: a page of terminated tasks, the same <see cref="TerminatedPage"/> the web API returns.</summary>
internal sealed record PsTerminatedResult(TerminatedPage Page) : CommandResult;
