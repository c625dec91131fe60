using System.Diagnostics;
using Taskmon.State;
using Taskmon.Tracking;

namespace Taskmon.Inspection;

/// <summary>Builds the public <see cref="LiveTask"/> view of a record at query time.</summary>
internal sealed class LiveTaskViews(MonitorClock clock, long blockingThresholdTicks)
{
    public LiveTask View(TaskRecord record, long now)
    {
        var runStart = Volatile.Read(ref record.RunStartTimestamp);
        var running = runStart != 0;
        var currentRunTicks = running ? Math.Max(0, now - runStart) : 0;
        var longest = Math.Max(record.LongestRunTicks, currentRunTicks);
        return new LiveTask
        {
            Id = record.Id,
            Name = record.Name,
            Method = TerminationRecorder.MethodOf(record),
            Origin = record.Origin,
            State = StateOf(record),
            StartedAt = clock.ToWall(record.StartTimestamp),
            Age = Stopwatch.GetElapsedTime(record.StartTimestamp, now),
            IsMonitor = record.Monitor,
            ParentId = record.ParentId == 0 ? null : record.ParentId,
            Site = record.Site,
            Persistent = record.Persistent,
            Cancellable = record.Cancellation is not null,
            BusyTime = MonitorClock.Ticks(record.BusyTicks + currentRunTicks),
            Resumptions = record.Resumptions,
            CurrentRun = running ? MonitorClock.Ticks(currentRunTicks) : null,
            LongestRun = MonitorClock.Ticks(longest),
            IsBlocking = currentRunTicks > blockingThresholdTicks || record.BlockingRuns > 0,
            BlockingRuns = record.BlockingRuns + (currentRunTicks > blockingThresholdTicks ? 1 : 0),
        };
    }

    public bool IsBlockingNow(TaskRecord record, long now)
    {
        var runStart = Volatile.Read(ref record.RunStartTimestamp);
        return runStart != 0 && now - runStart > blockingThresholdTicks;
    }

    public TaskState StateOf(TaskRecord record)
    {
        if (Volatile.Read(ref record.RunStartTimestamp) != 0)
        {
            return TaskState.Running;
        }

        var task = record.Work;
        if (task is null && record.WeakTask is { } weak)
        {
            weak.TryGetTarget(out task);
        }

        return task is null ? TaskState.Unknown : AsyncStacks.StateOf(task);
    }
}
