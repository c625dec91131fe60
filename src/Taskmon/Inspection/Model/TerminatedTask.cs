namespace Taskmon.Inspection;

/// <summary>A record of a task that ended, kept in the bounded termination history.</summary>
public sealed record TerminatedTask
{
    /// <summary>The trace id: short, stable, and distinct from live ids (<c>t</c> followed by base-36 digits).</summary>
    public required string TraceId { get; init; }

    /// <summary>The live id the task had.</summary>
    public required long Id { get; init; }

    /// <summary>The task's name.</summary>
    public required string Name { get; init; }

    /// <summary>The async method, <c>Namespace.Type.Method</c>.</summary>
    public required string Method { get; init; }

    /// <summary>How the monitor learned about the task.</summary>
    public required TaskOrigin Origin { get; init; }

    /// <summary>Whether the record lives in the persistent history.</summary>
    public required bool Persistent { get; init; }

    /// <summary>True for the monitor's own tasks (its terminal and web session loops); lists hide them unless <see cref="TerminatedQuery.IncludeMonitor"/>.</summary>
    public bool IsMonitor { get; init; }

    /// <summary>How it ended.</summary>
    public required TaskOutcome Outcome { get; init; }

    /// <summary>When the task was created (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended (UTC); for lost tasks, when the GC reported it.</summary>
    public required DateTimeOffset TerminatedAt { get; init; }

    /// <summary>The id of the task that created it, if any.</summary>
    public long? ParentId { get; init; }

    /// <summary>Where it was created, when known.</summary>
    public CreationSite? Site { get; init; }

    /// <summary><c>ExceptionType: message</c> for faulted tasks; for lost tasks, the await it was stuck at.</summary>
    public string? ExceptionSummary { get; init; }

    /// <summary>Who cancelled it, when it was cancelled and the cancellation was observed.</summary>
    public CancellationInfo? Canceller { get; init; }

    /// <summary>Total busy time (run-time accounting).</summary>
    public TimeSpan BusyTime { get; init; }

    /// <summary>Number of resumptions (run-time accounting).</summary>
    public int Resumptions { get; init; }

    /// <summary>The longest single run (run-time accounting).</summary>
    public TimeSpan LongestRun { get; init; }
}
