using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary><c>where ID</c>: a live task's creation chain and its logical async stack.</summary>
internal sealed record WhereResult(LiveTaskTrace Trace, bool Full = false) : CommandResult;
