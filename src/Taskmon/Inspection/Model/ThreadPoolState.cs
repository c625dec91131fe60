namespace Taskmon.Inspection;

/// <summary>The thread pool at a point in time.</summary>
public sealed record ThreadPoolState
{
    /// <summary>Threads in the pool now.</summary>
    public required int ThreadCount { get; init; }

    /// <summary>Work items queued but not started.</summary>
    public required long PendingWorkItems { get; init; }

    /// <summary>Work items completed since process start.</summary>
    public required long CompletedWorkItems { get; init; }

    /// <summary>Minimum worker threads.</summary>
    public required int MinWorkerThreads { get; init; }

    /// <summary>Maximum worker threads.</summary>
    public required int MaxWorkerThreads { get; init; }

    /// <summary>Worker threads available (max minus busy).</summary>
    public required int AvailableWorkerThreads { get; init; }

    /// <summary>Minimum I/O completion threads.</summary>
    public required int MinIoThreads { get; init; }

    /// <summary>Maximum I/O completion threads.</summary>
    public required int MaxIoThreads { get; init; }

    /// <summary>I/O completion threads available.</summary>
    public required int AvailableIoThreads { get; init; }

    /// <summary>Monitored tasks running on a pool thread longer than the blocking threshold now.</summary>
    public required int BlockingTasks { get; init; }
}
