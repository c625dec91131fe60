using Taskmon.Inspection;

namespace Taskmon.Commands;

/// <summary>
/// <c>cancel ID</c>. <see cref="Pending"/>: the request was made and the outcome follows later
/// (interactive sessions do not wait); otherwise <see cref="Outcome"/> is final.
/// </summary>
internal sealed record CancelTaskResult(long Id, string? Name, CancelOutcome Outcome, bool Pending, TerminatedTask? Termination, string Message) : CommandResult
{
    public override bool Success => Pending || Outcome == CancelOutcome.Cancelled;
}
