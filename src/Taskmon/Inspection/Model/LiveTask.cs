namespace Taskmon.Inspection;

/// <summary>A live (not yet terminated) task, as seen in a snapshot.</summary>
public sealed record LiveTask
{
    /// <summary>The monitor's id for the task: short, unique while the monitor runs.</summary>
    public required long Id { get; init; }

    /// <summary>The task's name: the name given to <c>Run</c>, or the method's short name for discovered tasks.</summary>
    public required string Name { get; init; }

    /// <summary>The async method running the work, <c>Namespace.Type.Method</c> (only <c>Method</c> under Native AOT for discovered tasks).</summary>
    public required string Method { get; init; }

    /// <summary>How the monitor learned about the task.</summary>
    public required TaskOrigin Origin { get; init; }

    /// <summary>Running, waiting, or unknown.</summary>
    public required TaskState State { get; init; }

    /// <summary>When the task was created (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the task has existed at the snapshot.</summary>
    public required TimeSpan Age { get; init; }

    /// <summary>True for the monitor's own tasks (its terminal and web server loops); lists hide them unless <see cref="TaskQuery.IncludeMonitor"/>.</summary>
    public bool IsMonitor { get; init; }

    /// <summary>The id of the monitored task that created this one, if any.</summary>
    public long? ParentId { get; init; }

    /// <summary>Where the task was created (explicit tasks always; discovered tasks when creation stacks are on).</summary>
    public CreationSite? Site { get; init; }

    /// <summary>Whether the task's termination record goes to the persistent history.</summary>
    public required bool Persistent { get; init; }

    /// <summary>Whether the operator can cancel it (explicit tasks own a linked token; discovered ones do not).</summary>
    public required bool Cancellable { get; init; }

    /// <summary>Total time spent running on threads between awaits (run-time accounting; zero when off).</summary>
    public TimeSpan BusyTime { get; init; }

    /// <summary>How many times the task resumed after an await (run-time accounting).</summary>
    public int Resumptions { get; init; }

    /// <summary>How long the current run has lasted, while <see cref="State"/> is <see cref="TaskState.Running"/>.</summary>
    public TimeSpan? CurrentRun { get; init; }

    /// <summary>The longest single run so far (run-time accounting).</summary>
    public TimeSpan LongestRun { get; init; }

    /// <summary>True while the current run, or any past run, lasted longer than the blocking threshold: an async method blocking a pool thread.</summary>
    public bool IsBlocking { get; init; }

    /// <summary>How many runs exceeded the blocking threshold.</summary>
    public int BlockingRuns { get; init; }
}
