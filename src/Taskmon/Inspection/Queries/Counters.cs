using Taskmon.State;

namespace Taskmon.Inspection;

/// <summary>Builds <see cref="TaskCounts"/> and <see cref="ThreadPoolState"/> from what a walk of the live records counted.</summary>
internal static class Counters
{
    public static TaskCounts Counts(TaskRegistry registry, TerminationLog log, int running, int blocking, int monitor)
    {
        var live = Math.Max(0, registry.LiveCount - monitor);
        var liveExplicit = registry.LiveExplicit;
        return new TaskCounts
        {
            Live = live,
            LiveExplicit = liveExplicit,
            LiveDiscovered = Math.Max(0, live - liveExplicit),
            LiveMonitor = monitor,
            Running = running,
            Blocking = blocking,
            Created = registry.Created,
            Completed = log.Completed,
            Cancelled = log.Cancelled,
            Faulted = log.Faulted,
            Lost = log.Lost,
            Dropped = registry.Dropped,
            History = log.Count,
            PersistentHistory = log.PersistentCount,
        };
    }

    public static ThreadPoolState ThreadPoolNow(int blockingTasks)
    {
        ThreadPool.GetMinThreads(out var minWorker, out var minIo);
        ThreadPool.GetMaxThreads(out var maxWorker, out var maxIo);
        ThreadPool.GetAvailableThreads(out var availableWorker, out var availableIo);
        return new ThreadPoolState
        {
            ThreadCount = ThreadPool.ThreadCount,
            PendingWorkItems = ThreadPool.PendingWorkItemCount,
            CompletedWorkItems = ThreadPool.CompletedWorkItemCount,
            MinWorkerThreads = minWorker,
            MaxWorkerThreads = maxWorker,
            AvailableWorkerThreads = availableWorker,
            MinIoThreads = minIo,
            MaxIoThreads = maxIo,
            AvailableIoThreads = availableIo,
            BlockingTasks = blockingTasks,
        };
    }
}
