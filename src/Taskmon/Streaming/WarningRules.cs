using System.Collections.Concurrent;
using System.Diagnostics;
using Taskmon.Inspection;
using Taskmon.State;
using Taskmon.Terminal;

namespace Taskmon.Streaming;

/// <summary>
/// The warnings panel, recomputed each frame: conditions that hold now (a task blocking its thread, thread-pool
/// starvation, tasks pending too long, a method whose pending count keeps growing) and events kept for a minute
/// (lost tasks, faults nobody observed, blocking tasks that ended). Each warning names the tasks it concerns.
/// Bounded: at most <see cref="MaxWarnings"/> warnings and <see cref="MaxIds"/> ids each.
/// </summary>
internal sealed class WarningRules(TerminationLog log, MonitorClock clock, TimeSpan pendingThreshold)
{
    public const int MaxWarnings = 50;
    public const int MaxIds = 20;
    public const int GrowthWindow = 10; // frames over which a method's pending count must never fall...
    public const int MinGrowth = 10;    // ...and grow by at least this much
    private const int MaxMethods = 10_000;
    private static readonly TimeSpan EventLife = TimeSpan.FromMinutes(1);

    private readonly long _pendingThresholdTicks = (long)(pendingThreshold.TotalSeconds * Stopwatch.Frequency);
    private readonly List<WatchRow> _blocking = [];
    private readonly Dictionary<string, List<long>> _longPending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);
    private readonly List<(long At, TaskWarning Warning)> _events = [];
    private readonly ConcurrentQueue<(string Summary, long At)> _unobserved = new();
    private readonly long[] _queue = new long[3];
    private readonly List<long> _starvedIds = [];
    private long _starvedAt;
    private long _starvedPeak;
    private long _lastSequence;
    private long _lastLost = -1;
    private int _frames;

    public void Start()
    {
        _lastSequence = 0;
        _lastLost = -1;
        _frames = 0;
        _starvedAt = 0;
        _events.Clear();
        _pending.Clear();
        _since.Clear();
        TaskScheduler.UnobservedTaskException += OnUnobserved;
    }

    public void Stop() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    public void Begin()
    {
        _blocking.Clear();
        _longPending.Clear();
        foreach (var pending in _pending.Values)
        {
            pending.Now = 0;
        }
    }

    public void Observe(WatchRow row, bool running, long currentRunTicks, long ageTicks)
    {
        if (row.IsBlocking && _blocking.Count < MaxWarnings)
        {
            _blocking.Add(row);
        }

        if (running || row.Persistent)
        {
            return;
        }

        if (_pending.TryGetValue(row.Method, out var pending) || _pending.Count < MaxMethods)
        {
            pending ??= _pending[row.Method] = new Pending();
            pending.Now++;
            pending.Newest = Math.Max(pending.Newest, row.Id);
        }

        if (ageTicks > _pendingThresholdTicks && (_longPending.ContainsKey(row.Method) || _longPending.Count < MaxWarnings))
        {
            var ids = _longPending.TryGetValue(row.Method, out var list) ? list : _longPending[row.Method] = [];
            ids.Add(row.Id);
        }
    }

    /// <summary>A task left the live set: a blocking one stays on the panel as an event for a while.</summary>
    public void Ended(WatchRow row, long now)
    {
        if (row.IsBlocking)
        {
            AddEvent(now, WarningKind.Blocking, $"task {row.Id} {row.Name} ({row.Method}) blocked its thread for {TextRenderer.Duration(row.LongestRun)} (sync over async?) and has ended", [row.Id]);
        }
    }

    public IReadOnlyList<TaskWarning> Finish(ThreadPoolState pool, long now)
    {
        _frames++;
        var wall = clock.ToWall(now);
        var result = new List<TaskWarning>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var row in _blocking)
        {
            Ongoing(result, seen, wall, $"blocking:{row.Id}", WarningKind.Blocking,
                $"task {row.Id} {row.Name} ({row.Method}) ran {TextRenderer.Duration(row.LongestRun)} without yielding its thread (sync over async?)", [row.Id]);
        }

        Starvation(result, seen, wall, pool, now);
        foreach (var (method, ids) in _longPending)
        {
            Ongoing(result, seen, wall, "pending:" + method, WarningKind.LongPending,
                $"{ids.Count} task(s) of {method} pending longer than {TextRenderer.Duration(pendingThreshold)}", [.. ids.Take(MaxIds)]);
        }

        Growth(result, seen, wall);
        LostTasks(now);
        Unobserved();
        _events.RemoveAll(e => Stopwatch.GetElapsedTime(e.At, now) > EventLife);
        foreach (var (_, warning) in _events)
        {
            result.Add(warning);
        }

        foreach (var key in _since.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _since.Remove(key);
        }

        return result.Count > MaxWarnings ? result[..MaxWarnings] : result;
    }

    /// <summary>
    /// Starvation begins when the queue grew two frames running while the pool's threads are busy, and lasts until
    /// the backlog is gone (no more queued items than threads). It is on the panel while it lasts and then as an
    /// event for a minute: the sessions that show the panel run on the same pool, so they often draw only after.
    /// </summary>
    private void Starvation(List<TaskWarning> result, HashSet<string> seen, DateTimeOffset wall, ThreadPoolState pool, long now)
    {
        _queue[0] = _queue[1];
        _queue[1] = _queue[2];
        _queue[2] = pool.PendingWorkItems;

        // Busy: at least as many threads run work as the pool's floor. Not "every thread": while work items block,
        // the pool's hill climbing keeps some threads parked (never fewer working than the minimum), and the queue
        // grows all the same; fewer busy than the floor means idle threads are about to take the queue.
        var busy = pool.MaxWorkerThreads - pool.AvailableWorkerThreads;
        if (_starvedAt == 0 && _frames >= 3 && _queue[2] > _queue[1] && _queue[1] > _queue[0] && busy >= Math.Min(pool.ThreadCount, pool.MinWorkerThreads))
        {
            _starvedAt = now;
            _starvedPeak = 0;
            _starvedIds.Clear();
        }

        if (_starvedAt == 0)
        {
            return;
        }

        var lasted = TextRenderer.Duration(Stopwatch.GetElapsedTime(_starvedAt, now));
        if (_queue[2] <= pool.ThreadCount)
        {
            AddEvent(now, WarningKind.Starvation,
                $"thread pool starved for {lasted}: up to {_starvedPeak} work items queued behind busy threads; over now" + Blocking(_starvedIds), [.. _starvedIds]);
            _starvedAt = 0;
            return;
        }

        _starvedPeak = Math.Max(_starvedPeak, _queue[2]);
        foreach (var row in _blocking)
        {
            if (row.State == TaskState.Running && _starvedIds.Count < MaxIds && !_starvedIds.Contains(row.Id))
            {
                _starvedIds.Add(row.Id);
            }
        }

        Ongoing(result, seen, wall, "starvation", WarningKind.Starvation,
            $"thread pool starving for {lasted}: {_queue[2]} work items queued (up to {_starvedPeak}) while {busy} of {pool.ThreadCount} threads are busy" + Blocking(_starvedIds), [.. _starvedIds]);
    }

    private static string Blocking(List<long> ids) => ids.Count > 0 ? $"; blocking: {string.Join(", ", ids)}" : "";

    private void Growth(List<TaskWarning> result, HashSet<string> seen, DateTimeOffset wall)
    {
        List<string>? idle = null;
        foreach (var (method, pending) in _pending)
        {
            if (pending.Now == 0)
            {
                (idle ??= []).Add(method);
                continue;
            }

            pending.Push(pending.Now);
            if (pending.Growing)
            {
                Ongoing(result, seen, wall, "growth:" + method, WarningKind.PendingGrowth,
                    $"pending tasks of {method} keep growing: {pending.Oldest} → {pending.Now} over {GrowthWindow} frames (a leak?)", [pending.Newest]);
            }
        }

        foreach (var method in idle ?? [])
        {
            _pending.Remove(method);
        }
    }

    /// <summary>Lost and faulted tasks since the last frame (on the first frame: of the last minute), from the history.</summary>
    private void LostTasks(long now)
    {
        var lost = log.Lost;
        if (lost == _lastLost)
        {
            return;
        }

        _lastLost = lost;
        var newest = _lastSequence;
        foreach (var entry in log.NewestFirst(persistentOnly: false))
        {
            if (entry.Sequence <= _lastSequence || Stopwatch.GetElapsedTime(entry.EndTimestamp, now) > EventLife)
            {
                break;
            }

            newest = Math.Max(newest, entry.Sequence);
            if (entry.Outcome == TaskOutcome.Lost && !entry.Monitor)
            {
                AddEvent(entry.EndTimestamp, WarningKind.Lost,
                    $"task {entry.Id} {entry.Name} ({entry.Method}) was lost: {entry.StuckAt ?? "collected before completing"}", [entry.Id]);
            }
        }

        _lastSequence = newest;
    }

    private void Unobserved()
    {
        while (_unobserved.TryDequeue(out var fault))
        {
            var found = log.Newest(e => e.Outcome == TaskOutcome.Faulted && e.ExceptionSummary == fault.Summary);
            AddEvent(fault.At, WarningKind.UnobservedFault, found is not { } match
                ? $"a task faulted and nobody observed its exception: {fault.Summary}"
                : $"task {match.Id} {match.Name} ({match.Method}) faulted and nobody observed its exception: {fault.Summary}",
                found is { } faulted ? [faulted.Id] : []);
        }
    }

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        // The finalizer thread: only queue (bounded); the producer matches it to the history.
        if (_unobserved.Count < MaxWarnings)
        {
            _unobserved.Enqueue((HistoryText.Cap(CauseSummary.Of(e.Exception)) ?? "", Stopwatch.GetTimestamp()));
        }
    }

    private void Ongoing(List<TaskWarning> result, HashSet<string> seen, DateTimeOffset wall, string key, WarningKind kind, string message, long[] ids)
    {
        seen.Add(key);
        if (!_since.TryGetValue(key, out var since))
        {
            since = _since[key] = wall;
        }

        result.Add(new TaskWarning { Kind = kind, Message = message, TaskIds = ids, Since = since, Ongoing = true });
    }

    private void AddEvent(long at, WarningKind kind, string message, long[] ids)
    {
        if (_events.Count >= MaxWarnings)
        {
            _events.RemoveAt(0);
        }

        _events.Add((at, new TaskWarning { Kind = kind, Message = message, TaskIds = ids, Since = clock.ToWall(at), Ongoing = false }));
    }

    /// <summary>One method's pending counts over the last frames.</summary>
    private sealed class Pending
    {
        private readonly int[] _history = new int[GrowthWindow];
        private int _filled;

        public int Now;
        public long Newest;

        public int Oldest => _history[0];

        public bool Growing
        {
            get
            {
                if (_filled < GrowthWindow || _history[^1] - _history[0] < MinGrowth)
                {
                    return false;
                }

                for (var i = 1; i < GrowthWindow; i++)
                {
                    if (_history[i] < _history[i - 1])
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        public void Push(int count)
        {
            Array.Copy(_history, 1, _history, 0, GrowthWindow - 1);
            _history[^1] = count;
            _filled = Math.Min(_filled + 1, GrowthWindow);
        }
    }
}
