using Taskmon.State;

namespace Taskmon.Inspection;

/// <summary>Builds the public <see cref="TerminatedTask"/> view of a history entry.</summary>
internal sealed class TerminatedViews(MonitorClock clock)
{
    public TerminatedTask View(in TerminatedEntry entry) => new()
    {
        TraceId = TraceIds.Format(entry.Sequence),
        Id = entry.Id,
        Name = entry.Name,
        Method = entry.Method,
        Origin = entry.Origin,
        Persistent = entry.Persistent,
        IsMonitor = entry.Monitor,
        Outcome = entry.Outcome,
        StartedAt = clock.ToWall(entry.StartTimestamp),
        TerminatedAt = clock.ToWall(entry.EndTimestamp),
        ParentId = entry.ParentId == 0 ? null : entry.ParentId,
        Site = entry.Site,
        ExceptionSummary = entry.ExceptionSummary ?? entry.StuckAt,
        Canceller = entry.Canceller,
        BusyTime = MonitorClock.Ticks(entry.BusyTicks),
        Resumptions = entry.Resumptions,
        LongestRun = MonitorClock.Ticks(entry.LongestRunTicks),
    };
}
