using Taskmon.Inspection;

namespace Taskmon.Streaming;

/// <summary>
/// What a <see cref="TaskWatcher"/> receives each interval. A delta (<see cref="Full"/> false) lists the tasks that
/// began, changed or ended since the watcher's previous frame; a full frame (its first, or after it fell behind and
/// skipped frames) lists every live task in <see cref="Added"/> and replaces what the watcher held. Counts, thread pool
/// and warnings are always complete. The monitor's own tasks are left out.
/// </summary>
public sealed record WatchFrame
{
    /// <summary>The producer's frame number; consecutive frames of one watcher differ by one unless it skipped.</summary>
    public required long Sequence { get; init; }

    /// <summary>When the frame was taken (UTC).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The time since the producer's previous frame, over which <see cref="WatchRow.BusyPercent"/> is measured.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>True when <see cref="Added"/> holds every live task and the watcher should drop what it had.</summary>
    public required bool Full { get; init; }

    /// <summary>Frames this watcher missed just before this one (it read too slowly); 0 normally.</summary>
    public long Skipped { get; init; }

    /// <summary>Tasks new since the previous frame (every live task in a full frame).</summary>
    public required IReadOnlyList<WatchRow> Added { get; init; }

    /// <summary>Tasks whose state, busy time, busy percentage, resumptions, longest run or names changed.</summary>
    public required IReadOnlyList<WatchRow> Changed { get; init; }

    /// <summary>Ids of the tasks that ended since the previous frame.</summary>
    public required IReadOnlyList<long> Ended { get; init; }

    /// <summary>Counters at the frame.</summary>
    public required TaskCounts Counts { get; init; }

    /// <summary>The thread pool at the frame.</summary>
    public required ThreadPoolState ThreadPool { get; init; }

    /// <summary>The warnings panel: conditions that hold now and events of the last minute.</summary>
    public required IReadOnlyList<TaskWarning> Warnings { get; init; }
}
