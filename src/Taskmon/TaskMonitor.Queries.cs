using System.Diagnostics;
using Taskmon.Hosting;
using Taskmon.Inspection;

namespace Taskmon;

public sealed partial class TaskMonitor
{
    // How many waiting task objects a list query claims before it answers (about 7 ms' worth): see Discovery.Refresh.
    private const int QueryClaimLimit = 10_000;

    /// <summary>Lists live tasks: filtered, sorted, optionally grouped into chains, and paged.</summary>
    /// <param name="query">What to list; all tasks by id, first 100, when null.</param>
    /// <returns>A page of tasks.</returns>
    public TaskListPage GetTasks(TaskQuery? query = null) => _lists.Live(query ?? new TaskQuery(), Refreshed());

    /// <summary>
    /// <c>ps</c>: a page and the counts from one claim pass and one copy of the live records (a list of 100,000 walks
    /// them once for the page and once for the counts, not twice each).
    /// </summary>
    internal (TaskListPage Page, TaskCounts Counts) GetTasksAndCounts(TaskQuery query)
    {
        var snapshot = Refreshed();
        return (_lists.Live(query, snapshot), CountsOf(snapshot));
    }

    /// <summary>The live records after claiming what the runtime's table holds (up to <see cref="QueryClaimLimit"/>); some may have ended since (<see cref="State.TaskRecord.Terminated"/>).</summary>
    private List<State.TaskRecord> Refreshed() => _discovery.Refresh(QueryClaimLimit) ?? _registry.Snapshot();

    /// <summary>Lists terminated tasks, newest first.</summary>
    /// <param name="query">What to list; everything, first 100, when null.</param>
    /// <returns>A page of termination records.</returns>
    public TerminatedPage GetTerminated(TerminatedQuery? query = null)
    {
        _discovery.Flush();
        return _lists.Terminated(query ?? new TerminatedQuery());
    }

    /// <summary>One live task by id.</summary>
    /// <param name="id">The live id.</param>
    /// <returns>The task, or null when no live task has that id.</returns>
    public LiveTask? GetTask(long id)
    {
        _discovery.Flush();
        if (_registry.ById(id) is not { } record)
        {
            return null;
        }

        _discovery.ClaimTaskObject(record);
        return _views.View(record, Stopwatch.GetTimestamp());
    }

    /// <summary>Counters now. Live, running and blocking counts leave out the monitor's own tasks (counted in <see cref="TaskCounts.LiveMonitor"/>).</summary>
    /// <returns>Live, running, blocking and terminated counts, and history sizes.</returns>
    public TaskCounts GetCounts() => CountsOf(Refreshed());

    private TaskCounts CountsOf(List<State.TaskRecord> snapshot)
    {
        var now = Stopwatch.GetTimestamp();
        int running = 0, blocking = 0, monitor = 0;
        foreach (var record in snapshot)
        {
            if (Volatile.Read(ref record.Terminated) != 0)
            {
                continue;
            }

            if (record.Monitor)
            {
                monitor++;
                continue;
            }

            if (Volatile.Read(ref record.RunStartTimestamp) != 0)
            {
                running++;
            }

            if (_views.IsBlockingNow(record, now))
            {
                blocking++;
            }
        }

        return Counters.Counts(_registry, _log, running, blocking, monitor);
    }

    /// <summary>What <c>where</c> shows: a live task's creation chain and its logical async stack.</summary>
    /// <param name="id">The live id.</param>
    /// <returns>The trace, or null when no live task has that id.</returns>
    public LiveTaskTrace? GetTrace(long id)
    {
        try
        {
            _discovery.Flush();
            if (_registry.ById(id) is { } record)
            {
                _discovery.ClaimTaskObject(record);
            }

            return _traces.Live(id);
        }
        catch (Exception ex)
        {
            _selfLog.Fault("where", ex);
            return null;
        }
    }

    /// <summary>What <c>where-terminated</c> shows: a terminated task's termination stack and cancellation chain.</summary>
    /// <param name="traceId">The trace id (<c>t…</c>).</param>
    /// <returns>The trace, or null when the history has no such record.</returns>
    public TerminationTrace? GetTerminationTrace(string traceId)
    {
        try
        {
            _discovery.Flush();
            return _traces.Terminated(traceId);
        }
        catch (Exception ex)
        {
            _selfLog.Fault("where-terminated", ex);
            return null;
        }
    }

    /// <summary>The thread pool now, with the number of monitored tasks blocking a thread.</summary>
    /// <returns>Thread counts, queue length and limits.</returns>
    public ThreadPoolState GetThreadPoolState() => Counters.ThreadPoolNow(CountBlocking());

    /// <summary>What is tracked now and what this runtime allows.</summary>
    /// <returns>The tracking status.</returns>
    public TrackingStatus GetStatus() => new()
    {
        Explicit = IsRunning,
        Discovery = _discovery.Enabled,
        Level = _discovery.Level,
        LevelNote = _discovery.LevelNote,
        EventsDropped = _discovery.EventsDropped,
        RunTimeAccounting = _discovery.Level == DiscoveryLevel.Full && _options.RunTimeAccounting,
        LostTasks = _discovery.Enabled && _options.LostTasks,
        CreationStacks = _stacks.Mode,
        NativeAot = IsAot,
        DiscoveredTaskObjects = _discovery.ResolvesTaskObjects,
        MaxLiveTasks = _registry.MaxLive,
        RuntimeMembers = Runtime.RuntimeMembers.Last,
    };

    /// <summary>
    /// When creation stacks are captured, switchable at run time like <see cref="DiscoveryLevel"/>; starts as
    /// <see cref="TaskmonOptions.CreationStacks"/>.
    /// </summary>
    public CreationStackMode CreationStacks
    {
        get => _stacks.Mode;
        set => _stacks.Mode = value;
    }
}
