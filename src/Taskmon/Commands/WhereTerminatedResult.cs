using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary>
/// <c>where-terminated TRACE</c>: the cancellation chain (with each canceller's stack), then the
/// termination stack or completion. <see cref="LiveCancellers"/> lists cancelling tasks still running.
/// </summary>
internal sealed record WhereTerminatedResult(TerminationTrace Trace, IReadOnlyList<long> LiveCancellers, bool Full = false) : CommandResult;
