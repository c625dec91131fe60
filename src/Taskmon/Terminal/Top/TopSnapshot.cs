using Taskmon.Inspection;
using Taskmon.Streaming;

namespace Taskmon.Terminal;

/// <summary>One iteration of <c>top --batch</c>: every live task at the frame, busiest first, with counts and warnings.</summary>
internal sealed record TopSnapshot(
    DateTimeOffset Time,
    TimeSpan Interval,
    TaskCounts Counts,
    ThreadPoolState ThreadPool,
    IReadOnlyList<TaskWarning> Warnings,
    IReadOnlyList<WatchRow> Tasks);
