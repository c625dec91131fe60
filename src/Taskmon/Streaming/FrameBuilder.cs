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
    // As many task objects as a list query claims before it answers: see Discovery.ClaimTaskObjects.
    private const int ClaimLimit = 10_000;

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
        discovery.ClaimTaskObjects(ClaimLimit);
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
            if (!_rows.TryGetValue(record.Id, out var entry))
            {
                entry = new Entry { Busy = busy };
                _rows[record.Id] = entry;
                entry.Row = Row(record, runStart, currentRun, busy, 0);
                added.Add(entry.Row);
            }
            else
            {
                var percent = elapsed > 0 ? Math.Clamp(Math.Round((busy - entry.Busy) * 100.0 / elapsed, 1), 0, 100) : 0;
                if (Changed(entry.Row, record, runStart, currentRun, busy, percent))
                {
                    entry.Row = Row(record, runStart, currentRun, busy, percent);
                    changed.Add(entry.Row);
                }

                entry.Busy = busy;
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

    private bool Changed(WatchRow row, TaskRecord record, long runStart, long currentRun, long busy, double percent) =>
        row.BusyPercent != percent
        || row.BusyTime != MonitorClock.Ticks(busy)
        || row.Resumptions != record.Resumptions
        || row.State != StateOf(record, runStart)
        || row.LongestRun != MonitorClock.Ticks(Math.Max(record.LongestRunTicks, currentRun))
        || row.IsBlocking != IsBlocking(record, currentRun)
        || !ReferenceEquals(row.Name, record.Name)
        || !ReferenceEquals(row.Method, TerminationRecorder.MethodOf(record));

    private WatchRow Row(TaskRecord record, long runStart, long currentRun, long busy, double percent) => new()
    {
        Id = record.Id,
        Name = record.Name,
        Method = TerminationRecorder.MethodOf(record),
        Origin = record.Origin,
        State = StateOf(record, runStart),
        StartedAt = clock.ToWall(record.StartTimestamp),
        Persistent = record.Persistent,
        BusyTime = MonitorClock.Ticks(busy),
        BusyPercent = percent,
        Resumptions = record.Resumptions,
        LongestRun = MonitorClock.Ticks(Math.Max(record.LongestRunTicks, currentRun)),
        IsBlocking = IsBlocking(record, currentRun),
    };

    private TaskState StateOf(TaskRecord record, long runStart) => runStart != 0 ? TaskState.Running : views.StateOf(record);

    private bool IsBlocking(TaskRecord record, long currentRun) => currentRun > blockingThresholdTicks || record.BlockingRuns > 0;

    private sealed class Entry
    {
        public WatchRow Row = null!;
        public long Busy;
        public int Generation;
    }
}
