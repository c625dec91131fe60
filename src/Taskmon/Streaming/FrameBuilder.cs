using System.Diagnostics;
using Taskmon.Inspection;
using Taskmon.State;
using Taskmon.Tracking;

namespace Taskmon.Streaming;

/// <summary>
/// Builds one frame per producer tick: a walk of the live records compared with what the previous tick saw (busy
/// time, state, resumptions, longest run, names), so only new, changed and ended tasks travel; counts and the thread
/// pool from the same walk; warnings from <see cref="WarningRules"/>. Runs on the producer thread only.
/// </summary>
internal sealed class FrameBuilder(TaskRegistry registry, TerminationLog log, LiveTaskViews views, MonitorClock clock, Discovery discovery, WarningRules warnings, long blockingThresholdTicks)
{
    // As many task objects as a list query claims before it answers: see Discovery.Refresh.
    private const int ClaimLimit = 10_000;

    // A task that has not run is asked for its state machine's state every this many frames.
    private const int StateRefreshFrames = 4;

    private readonly Dictionary<long, Entry> _rows = [];
    private long _lastTick;
    private int _generation;

    public void Start()
    {
        _rows.Clear();
        _lastTick = 0;
        warnings.Start();
    }

    public void Stop()
    {
        _rows.Clear();
        warnings.Stop();
    }

    public PublishedFrame Next(long sequence)
    {
        discovery.Refresh(ClaimLimit);
        var now = Stopwatch.GetTimestamp();
        var elapsed = _lastTick == 0 ? 0 : now - _lastTick;
        _lastTick = now;
        _generation++;
        var full = _rows.Count == 0;
        List<WatchRow> added = [], changed = [];
        int running = 0, blocking = 0, monitor = 0;
        warnings.Begin();
        foreach (var record in registry.Snapshot())
        {
            if (record.Monitor)
            {
                monitor++;
                continue;
            }

            var runStart = Volatile.Read(ref record.RunStartTimestamp);
            var currentRun = runStart == 0 ? 0 : Math.Max(0, now - runStart);
            var blockingNow = currentRun > blockingThresholdTicks;
            running += runStart == 0 ? 0 : 1;
            blocking += blockingNow ? 1 : 0;
            var busy = record.BusyTicks + currentRun;
            var longest = Math.Max(record.LongestRunTicks, currentRun);
            var resumptions = record.Resumptions;
            var isBlocking = IsBlocking(record, currentRun);
            if (!_rows.TryGetValue(record.Id, out var entry))
            {
                entry = new Entry { State = StateOf(record, runStart) };
                _rows[record.Id] = entry;
                entry.Update(Row(record, entry.State, busy, longest, 0, isBlocking), busy, longest, resumptions);
                added.Add(entry.Row);
            }
            else
            {
                var percent = elapsed > 0 ? Math.Clamp(Math.Round((busy - entry.Busy) * 100.0 / elapsed, 1), 0, 100) : 0;
                // Reading a waiting task's state machine is the costly part of a walk: it is re-read when the task ran
                // since the last frame, and otherwise once every few frames (a task that does not run keeps its state).
                var state = runStart != 0 ? TaskState.Running
                    : resumptions != entry.Resumptions || entry.State == TaskState.Running || (record.Id + _generation) % StateRefreshFrames == 0 ? views.StateOf(record)
                    : entry.State;
                var row = entry.Row;
                if (percent != row.BusyPercent || busy != entry.Busy || longest != entry.Longest || resumptions != entry.Resumptions || state != entry.State
                    || isBlocking != row.IsBlocking || !ReferenceEquals(row.Name, record.Name) || !ReferenceEquals(row.Method, TerminationRecorder.MethodOf(record)))
                {
                    entry.State = state;
                    entry.Update(Row(record, state, busy, longest, percent, isBlocking), busy, longest, resumptions);
                    changed.Add(entry.Row);
                }
            }

            entry.Generation = _generation;
            warnings.Observe(entry.Row, running: runStart != 0, currentRun, ageTicks: now - record.StartTimestamp);
        }

        var ended = new List<long>();
        foreach (var (id, entry) in _rows)
        {
            if (entry.Generation != _generation)
            {
                ended.Add(id);
                warnings.Ended(entry.Row, now);
            }
        }

        foreach (var id in ended)
        {
            _rows.Remove(id);
        }

        var all = new WatchRow[_rows.Count];
        var i = 0;
        foreach (var entry in _rows.Values)
        {
            all[i++] = entry.Row;
        }

        var pool = Counters.ThreadPoolNow(blocking);
        var delta = new WatchFrame
        {
            Sequence = sequence,
            Time = clock.ToWall(now),
            Interval = MonitorClock.Ticks(elapsed),
            Full = full,
            Added = added,
            Changed = changed,
            Ended = ended,
            Counts = Counters.Counts(registry, log, running, blocking, monitor),
            ThreadPool = pool,
            Warnings = warnings.Finish(pool, now),
        };
        return new PublishedFrame(delta, all);
    }

    private WatchRow Row(TaskRecord record, TaskState state, long busy, long longest, double percent, bool isBlocking) => new()
    {
        Id = record.Id,
        Name = record.Name,
        Method = TerminationRecorder.MethodOf(record),
        Origin = record.Origin,
        State = state,
        StartedAt = clock.ToWall(record.StartTimestamp),
        Persistent = record.Persistent,
        BusyTime = MonitorClock.Ticks(busy),
        BusyPercent = percent,
        Resumptions = record.Resumptions,
        LongestRun = MonitorClock.Ticks(longest),
        IsBlocking = isBlocking,
    };

    private TaskState StateOf(TaskRecord record, long runStart) => runStart != 0 ? TaskState.Running : views.StateOf(record);

    private bool IsBlocking(TaskRecord record, long currentRun) => currentRun > blockingThresholdTicks || record.BlockingRuns > 0;

    private sealed class Entry
    {
        public WatchRow Row = null!;
        public long Busy;
        public long Longest;
        public int Resumptions;
        public TaskState State;
        public int Generation;

        public void Update(WatchRow row, long busy, long longest, int resumptions)
        {
            Row = row;
            Busy = busy;
            Longest = longest;
            Resumptions = resumptions;
        }
    }
}
