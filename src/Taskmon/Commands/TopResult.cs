using Taskmon.Terminal;

namespace Taskmon.Commands;

/// <summary><c>top --batch</c>: the snapshots, oldest first.</summary>
internal sealed record TopResult(IReadOnlyList<TopSnapshot> Snapshots) : CommandResult;
