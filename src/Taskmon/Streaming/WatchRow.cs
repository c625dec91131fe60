using Taskmon.Inspection;

namespace Taskmon.Streaming;

/// <summary>One live task as a watcher sees it in a <see cref="WatchFrame"/>.</summary>
public sealed record WatchRow
{
    /// <summary>The monitor's id for the task.</summary>
    public required long Id { get; init; }

    /// <summary>The task's name (app text: clean it before showing it).</summary>
    public required string Name { get; init; }

    /// <summary>The async method running the work (app text).</summary>
    public required string Method { get; init; }

    /// <summary>How the monitor learned about the task.</summary>
    public required TaskOrigin Origin { get; init; }

    /// <summary>Running, waiting, or unknown at the frame.</summary>
    public required TaskState State { get; init; }

    /// <summary>When the task was created (UTC); its age is the frame's <see cref="WatchFrame.Time"/> minus this.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Whether the task's termination goes to the persistent history.</summary>
    public required bool Persistent { get; init; }

    /// <summary>Total time on threads between awaits, including the current run.</summary>
    public required TimeSpan BusyTime { get; init; }

    /// <summary>Busy time during the producer's last interval, as a percentage of that interval (0-100).</summary>
    public required double BusyPercent { get; init; }

    /// <summary>How many times the task resumed after an await.</summary>
    public required int Resumptions { get; init; }

    /// <summary>The longest single run so far, including the current one.</summary>
    public required TimeSpan LongestRun { get; init; }

    /// <summary>The current run, or a past one, lasted longer than the blocking threshold.</summary>
    public required bool IsBlocking { get; init; }
}
