namespace Taskmon.Inspection;

/// <summary>The result of <see cref="TaskMonitor.CancelAsync(long, TimeSpan, CancellationToken)"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Id">The id asked about.</param>
/// <param name="Name">The task's name, when it was found.</param>
/// <param name="Termination">The termination record, when the task terminated within the timeout.</param>
public sealed record CancelResult(CancelOutcome Outcome, long Id, string? Name, TerminatedTask? Termination);
