namespace Taskmon.Inspection;

/// <summary>The result of <see cref="TaskMonitor.CancelAsync(long, TimeSpan, CancellationToken)"/>.</summary>
public sealed record CancelResult
{
    /// <summary>What happened.</summary>
    public required CancelOutcome Outcome { get; init; }

    /// <summary>The id asked about.</summary>
    public required long Id { get; init; }

    /// <summary>The task's name, when it was found.</summary>
    public string? Name { get; init; }

    /// <summary>The termination record, when the task terminated within the timeout.</summary>
    public TerminatedTask? Termination { get; init; }
}
