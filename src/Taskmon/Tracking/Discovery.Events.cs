using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>
/// Full discovery's events. <see cref="TplListener"/> calls the <c>On…</c> methods on the thread that raised the
/// event: they keep only what cannot wait (the time, the operation name, the current monitored task, a creation stack,
/// a faulted task's object) and post it to the thread's buffer (<see cref="EventQueue"/>). The records are built when
/// the queue drains (<see cref="Handle"/>): on its background thread, or first thing in a query. A task's record stays
/// the drain's own (<see cref="_fresh"/>, unlisted) from its begin event, and one that ends before anything reads the
/// lists goes from its events straight to the history, with no registry or runtime-id index work; the drain's own
/// records still pending are listed (<see cref="ListFresh()"/>) only when a query or the sweep is about to look
/// (<see cref="EndOfDrain"/>).
/// </summary>
internal sealed partial class Discovery
{
    private const int ExecutionWork = 2;
    private const int CancelledStatus = 2;
    private const int FaultedStatus = 3;
    private readonly Dictionary<StackFrameInfo[], (string Method, CreationSite? Site)> _sitesByStack = new(ReferenceEqualityComparer.Instance);

    // The drain's own: records not listed yet, by runtime id (see the type's summary); those that terminated unlisted
    // in this drain; and such records nothing refers to any more, to be new records again.
    private const int MaxSpare = 4096;
    private readonly Dictionary<int, TaskRecord> _fresh = [];
    private readonly List<SettledRecord> _settledFresh = [];
    private readonly Stack<TaskRecord> _spare = new();
    private readonly HashSet<TaskRecord> _pinned = new(ReferenceEqualityComparer.Instance);
    private EventQueue? _events;

    // The highest runtime id the drain gave a record of its own (in _fresh): with the registry's watermark (records
    // indexed), an id above both is nobody's. Written on every begin by the drain: kept off the line of the fields the
    // callbacks read on every event.
    private PaddedInt _freshIdWatermark;

    /// <summary>Events turned away by a full per-thread buffer since Full discovery started (0 when it does not run).</summary>
    public long EventsDropped => _events?.Dropped ?? 0;

    /// <summary>Full discovery's event queue (tests hold its drains); null when Full does not run.</summary>
    internal EventQueue? Queue => _events;

    /// <summary>The buffered events so far, for a query about to read the records: see <see cref="EventQueue.Flush"/>.</summary>
    public void Flush() => _events?.Flush();

    // Tests play the runtime's part through these: the event is stamped now.
    internal void OnBegin(int id, string operationName) => OnBegin(id, operationName, DateTime.UtcNow.Ticks);

    internal void OnEnd(int id, int status) => OnEnd(id, status, DateTime.UtcNow.Ticks);

    internal void OnRunBegin(int id, int work) => OnRunBegin(id, work, DateTime.UtcNow.Ticks);

    internal void OnRunEnd(int work) => OnRunEnd(work, DateTime.UtcNow.Ticks);

    /// <summary>An async method began; <paramref name="timestamp"/> is the event's own (UTC ticks).</summary>
    internal void OnBegin(int id, string operationName, long timestamp)
    {
        if (_events is not { } events)
        {
            return;
        }

        var buffer = events.BufferOfThisThread();
        var mode = _stacks.Mode;
        var known = buffer.Operations.Find(operationName, mode) ?? Learn(buffer, operationName, mode);
        if (known is null)
        {
            return;
        }

        // Runtime ids wrap: a live task under this id keeps its object only while the table still has it, which ends
        // as soon as the new task's goes in (after this event); and the first of them to end, the runtime takes the
        // id's entry out of the table, the other's object with it (OnEnd claims that one first).
        if (!_registry.IsNewId(id) && _registry.ByTplId(id) is { } older)
        {
            _registry.MarkSharedId();
            Volatile.Write(ref older.IdShared, 1);
            if (_tableHeld && older.WeakTask is null)
            {
                ClaimTaskObject(older);
            }
        }

        events.Post(buffer, new TplEventEntry
        {
            Kind = TplEventKind.Begin,
            Timestamp = timestamp,
            Id = id,
            Ref = known,
            Current = CurrentTask.Value,
            Extra = mode switch
            {
                CreationStackMode.Off => null,
                CreationStackMode.PerSite => known.Stack,
                _ => _stacks.For(operationName, 0),
            },
        });
    }

    /// <summary>
    /// An operation name this thread has not begun lately: an async method's gets an entry (the cache's name, its
    /// display names, and its stack if kept per site), remembered for the thread; anything else (and the monitor's own
    /// wrapper around explicit work) is null.
    /// </summary>
    private KnownOperation? Learn(EventBuffer buffer, string operationName, CreationStackMode mode)
    {
        if (!OperationNames.IsAsyncMethod(operationName) || OperationNames.IsExplicitCompletion(operationName))
        {
            return null;
        }

        var info = _infos.For(operationName);
        var known = new KnownOperation(info.OperationName ?? operationName, info, mode == CreationStackMode.PerSite ? _stacks.For(operationName, 0) : null, mode);
        buffer.Operations.Remember(known);
        return known;
    }

    internal void OnEnd(int id, int status, long timestamp)
    {
        // The task object leaves the runtime's table right after this event: take it now when the drain will need it,
        // for a fault's exception, or when two live tasks share the id (to tell which one ended).
        var task = _tableHeld && (status == FaultedStatus || _registry.SharedIdsSeen && _registry.ByTplId(id) is { } record && (record.Shadowed is not null || Volatile.Read(ref record.IdShared) != 0))
            ? ActiveTaskTable.Take(id)
            : null;
        _events?.Post(new TplEventEntry { Kind = TplEventKind.End, Timestamp = timestamp, Id = id, Arg = status, Ref = task });
    }

    internal void OnRunBegin(int id, int work, long timestamp)
    {
        if (work == ExecutionWork)
        {
            _events?.Post(new TplEventEntry { Kind = TplEventKind.RunBegin, Timestamp = timestamp, Id = id, Arg = work });
        }
    }

    internal void OnRunEnd(int work, long timestamp)
    {
        if (work == ExecutionWork)
        {
            _events?.Post(new TplEventEntry { Kind = TplEventKind.RunEnd, Timestamp = timestamp, Arg = work });
        }
    }

    /// <summary>The drain: one event, in order, with the buffer (thread) it came from; its time in Stopwatch ticks.</summary>
    private void Handle(EventBuffer from, ref TplEventEntry entry, long timestamp)
    {
        switch (entry.Kind)
        {
            case TplEventKind.Begin:
                Begun(from, ref entry, timestamp);
                break;
            case TplEventKind.End:
                Ended(ref entry, timestamp);
                break;
            case TplEventKind.RunBegin:
                from.Runs.Push(ByTplId(entry.Id), timestamp);
                break;
            case TplEventKind.RunEnd:
                if (from.Runs.Pop() is { } record && Volatile.Read(ref record.RunStartTimestamp) is var start and not 0)
                {
                    Account(record, timestamp - start);
                }

                break;
            case TplEventKind.Absorb:
                Absorbed(from, (TaskRecord)entry.Ref!, entry.Id, entry.Arg != 0);
                break;
        }
    }

    /// <summary>The drain's view of the runtime-id index: its own unlisted records first.</summary>
    private TaskRecord? ByTplId(int id) => _fresh.TryGetValue(id, out var fresh) ? fresh : _registry.ByTplId(id);

    /// <summary>
    /// The end of each drain: the short tasks it settled go to the history and their records to the spares. The drain's
    /// own records still live become ordinary live records, listed and indexed by runtime id, only when something is
    /// about to read the lists (<paramref name="flush"/>: a query, or the sweep every second). Between those a task
    /// pending across drains stays the drain's own and, when it ends, takes the short path too: listing one costs two
    /// dictionary entries and a record that can never be reused, and on a busy service a tenth to a third of all tasks
    /// were still pending at the end of some drain. The callback cannot find an unlisted record by its runtime id (for
    /// a new task under the same id, after the 32-bit counter wrapped): none is older than the last sweep, a second,
    /// and no id comes round again within a second.
    /// </summary>
    private void EndOfDrain(bool flush)
    {
        if (flush)
        {
            ListFresh();
        }

        if (_settledFresh.Count > 0)
        {
            _terminations.RecordRemoved(_settledFresh);
        }

        Recycle();
    }

    /// <summary>The drain's own records still live become ordinary live records, listed and indexed by runtime id.</summary>
    private void ListFresh()
    {
        foreach (var record in _fresh.Values)
        {
            List(record);
        }

        _fresh.Clear();
    }

    /// <summary>Forgets the drain's own records (discovery switched off): they were counted live.</summary>
    private void ForgetFresh()
    {
        foreach (var record in _fresh.Values)
        {
            _registry.TryRemove(record);
        }

        _fresh.Clear();
    }

    /// <summary>
    /// The records that terminated unlisted in this drain become spares, except those a thread's open runs or last
    /// begin still refer to (a run can end after its task, in a later drain). Nothing else ever saw them: the history
    /// keeps copies of their fields.
    /// </summary>
    private void Recycle()
    {
        if (_settledFresh.Count == 0)
        {
            return;
        }

        if (_events is { } events)
        {
            foreach (var buffer in events.Attached)
            {
                buffer.Runs.AddTo(_pinned);
                if (buffer.LastBegun is { } last)
                {
                    _pinned.Add(last);
                }
            }
        }

        foreach (var (record, _, _) in _settledFresh)
        {
            if (_spare.Count < MaxSpare && !_pinned.Contains(record))
            {
                _spare.Push(record);
            }
        }

        _settledFresh.Clear();
        _pinned.Clear();
    }

    private void ListFresh(int id)
    {
        if (_fresh.Remove(id, out var record))
        {
            List(record);
        }
    }

    private void List(TaskRecord record)
    {
        if (Volatile.Read(ref record.Terminated) == 0)
        {
            _registry.List(record);
            _registry.Index(record.TplId, record, _registry.ByTplId(record.TplId));
        }
    }

    private void Begun(EventBuffer from, ref TplEventEntry entry, long timestamp)
    {
        var id = entry.Id;
        var known = (KnownOperation)entry.Ref!;

        // A task under the same id still lives (ids wrap): list it, and the new one follows the shared-id path. An id
        // above every one seen so far is nobody's yet (the common case: no lookup).
        TaskRecord? older = null;
        if (id > _freshIdWatermark.Value && _registry.IsNewId(id))
        {
            _freshIdWatermark.Value = id;
        }
        else
        {
            ListFresh(id);
            older = _registry.ByTplId(id);
        }

        var info = known.Info;
        var spare = older is null && _spare.TryPop(out var reusable) ? reusable : null;
        var record = _registry.TryAdd(TaskOrigin.Discovered, info.Name, timestamp, listed: older is not null, spare);
        if (record is null)
        {
            if (spare is not null)
            {
                _spare.Push(spare);
            }

            if (older is not null)
            {
                Reused(id, older);
            }

            return;
        }

        record.OperationName = known.Name;
        record.Method = info.Method;
        record.ParentId = from.Runs.Top?.Id ?? entry.Current?.Id ?? 0;
        if (entry.Extra is StackFrameInfo[] frames)
        {
            record.CreationStack = frames;
            record.Site = CachedSiteOf(frames, info.Method);
        }

        from.LastBegun = record;
        _metrics.Created();
        if (older is null)
        {
            record.TplId = id;
            _fresh[id] = record;
            return;
        }

        // Indexed before the older task is followed by its object: that object may have completed by now (the drain
        // runs behind), and the end event still to come for this id must find the new record shadowing it.
        _registry.Index(id, record, older);
        Reused(id, older);
    }

    private void Ended(ref TplEventEntry entry, long timestamp)
    {
        var status = entry.Arg;
        if (_fresh.Remove(entry.Id, out var fresh))
        {
            if (status != FaultedStatus && entry.Ref is not Task)
            {
                // Began and ended within this drain: never listed; out of the live count now, and to the history (or
                // a count) when the drain ends, when it is known which of this drain's entries the history keeps.
                AccountOpenRun(fresh, timestamp);
                if (_registry.TryRemove(fresh))
                {
                    _settledFresh.Add(new SettledRecord(fresh, OutcomeOf(status), timestamp));
                }

                return;
            }

            // A fault is settled by its task object (for the exception): that takes a listed record.
            List(fresh);
        }

        var record = _registry.ByTplId(entry.Id);
        if (record is null || record.Origin == TaskOrigin.Explicit || Volatile.Read(ref record.FollowedByObject) != 0)
        {
            return;
        }

        // Task objects are claimed from the runtime's table in bulk (each query, each sweep), not per task: a task
        // that ends first never costs a handle. A fault needs its object, taken when the event was raised, for the
        // exception; so does an id two live tasks share, to know which of them ended. Then the object's completion
        // ends the record.
        if (status == FaultedStatus || record.Shadowed is not null || entry.Ref is Task)
        {
            if (entry.Ref is Task task && record.WeakTask is null)
            {
                Attach(record, task);
            }
            else
            {
                ClaimTaskObject(record);
            }

            if (FollowObject(record))
            {
                return;
            }
        }

        Settle(record, status, timestamp);
    }

    /// <summary>A record's end event: its last run accounted, then terminated with the event's status and time.</summary>
    private void Settle(TaskRecord record, int status, long timestamp)
    {
        AccountOpenRun(record, timestamp);
        _terminations.Terminate(record, OutcomeOf(status), endTimestamp: timestamp);
    }

    /// <summary>A record's last run, still open when its end event came, accounted up to <paramref name="timestamp"/>.</summary>
    private void AccountOpenRun(TaskRecord record, long timestamp)
    {
        var start = Volatile.Read(ref record.RunStartTimestamp);
        if (start != 0)
        {
            Account(record, timestamp - start);
        }
    }

    private static TaskOutcome OutcomeOf(int status) => status switch
    {
        CancelledStatus => TaskOutcome.Cancelled,
        FaultedStatus => TaskOutcome.Faulted,
        _ => TaskOutcome.Completed,
    };

    private void Account(TaskRecord record, long ticks)
    {
        Volatile.Write(ref record.RunStartTimestamp, 0);
        record.BusyTicks += ticks;
        record.RunHistogram = RunTimes.Add(record.RunHistogram, ticks);
        if (ticks > record.LongestRunTicks)
        {
            record.LongestRunTicks = ticks;
        }

        if (ticks > blockingThresholdTicks)
        {
            record.BlockingRuns++;
        }
    }

    /// <summary>
    /// Per-site stacks are one array per site, shared by every task created there: their site is found once (the drain
    /// is single-threaded, so a plain dictionary by reference; bounded like the stacks' own cache).
    /// </summary>
    private CreationSite? CachedSiteOf(StackFrameInfo[] frames, string method)
    {
        if (_stacks.Mode != CreationStackMode.PerSite)
        {
            return SiteOf(frames, method);
        }

        if (_sitesByStack.TryGetValue(frames, out var cached) && cached.Method == method)
        {
            return cached.Site;
        }

        var site = SiteOf(frames, method);
        if (_sitesByStack.Count < CreationStacks.MaxSites)
        {
            _sitesByStack[frames] = (method, site);
        }

        return site;
    }

    private static CreationSite? SiteOf(StackFrameInfo[]? frames, string method)
    {
        if (frames is null)
        {
            return null;
        }

        foreach (var frame in frames)
        {
            if (frame.Method != method && frame.File is not null && frame.Line is { } line)
            {
                return new CreationSite { Member = frame.Method, File = frame.File, Line = line };
            }
        }

        return null;
    }
}
