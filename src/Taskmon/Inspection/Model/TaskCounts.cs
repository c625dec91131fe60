namespace Taskmon.Inspection;

/// <summary>Counters at a point in time.</summary>
public sealed record TaskCounts
{
    /// <summary>Live tasks tracked now.</summary>
    public required int Live { get; init; }

    /// <summary>Live explicit tasks.</summary>
    public required int LiveExplicit { get; init; }

    /// <summary>Live discovered tasks.</summary>
    public required int LiveDiscovered { get; init; }

    /// <summary>Live tasks running on a thread now (run-time accounting).</summary>
    public required int Running { get; init; }

    /// <summary>Live tasks of the monitor itself (its server and session loops), left out of the other live counts.</summary>
    public int LiveMonitor { get; init; }

    /// <summary>Live tasks flagged as blocking.</summary>
    public required int Blocking { get; init; }

    /// <summary>Tasks tracked since the monitor started.</summary>
    public required long Created { get; init; }

    /// <summary>Tasks that ran to completion since start.</summary>
    public required long Completed { get; init; }

    /// <summary>Tasks that ended cancelled since start.</summary>
    public required long Cancelled { get; init; }

    /// <summary>Tasks that ended faulted since start.</summary>
    public required long Faulted { get; init; }

    /// <summary>Tasks reported lost since start.</summary>
    public required long Lost { get; init; }

    /// <summary>Tasks not tracked because the live-task bound was reached.</summary>
    public required long Dropped { get; init; }

    /// <summary>Records in the termination history now.</summary>
    public required int History { get; init; }

    /// <summary>Records in the persistent termination history now.</summary>
    public required int PersistentHistory { get; init; }
}
