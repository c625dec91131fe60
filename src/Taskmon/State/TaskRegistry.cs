using System.Collections.Concurrent;
using System.Diagnostics;
using Taskmon.Inspection;

namespace Taskmon.State;

/// <summary>
/// Live records by monitor id, plus the index from runtime task ids (TPL events) to records. Runtime ids wrap, so
/// one id can belong to two live tasks: the index holds the newest record, which keeps the older one it shadows and
/// hands the id back to it when it ends. Add and remove are O(1) on striped-lock dictionaries; counts are kept on the
/// side because <see cref="ConcurrentDictionary{TKey, TValue}.Count"/> takes every lock.
/// </summary>
internal sealed class TaskRegistry(int maxLive)
{
    private readonly ConcurrentDictionary<long, TaskRecord> _live = new();
    private readonly ConcurrentDictionary<int, TaskRecord> _byTplId = new();
    private long _nextId;
    private int _liveCount;
    private int _liveExplicit;
    private long _created;
    private long _dropped;
    private long _snapshots;

    // Read by the listener's callback on every event, on every app thread; the counters above are written for every
    // task by the drain: each on a line of its own.
    private PaddedInt _idWatermark;
    private PaddedInt _sharedIds;

    public int LiveCount => Volatile.Read(ref _liveCount);

    public int LiveExplicit => Volatile.Read(ref _liveExplicit);

    public long Created => Interlocked.Read(ref _created);

    public long Dropped => Interlocked.Read(ref _dropped);

    public int MaxLive => maxLive;

    /// <summary>How many times the live records were copied out (each copy walks them all): what the lost-task test counts.</summary>
    public long Snapshots => Interlocked.Read(ref _snapshots);

    /// <summary>
    /// True when no live record can have runtime id <paramref name="tplId"/> because it is above every id a record was
    /// indexed under (<see cref="RaiseIdWatermark"/>): the runtime's ids come from one counter that only grows until it
    /// wraps, so until then a new task's id is new, and the callers skip the index lookup on every begin and end. Ids
    /// at or below 0 (the counter passed <see cref="int.MaxValue"/>) and every id after a wrap are never new here.
    /// </summary>
    public bool IsNewId(int tplId) => tplId > Volatile.Read(ref _idWatermark.Value);

    /// <summary>A record is indexed under <paramref name="tplId"/> (see <see cref="IsNewId"/>).</summary>
    private void RaiseIdWatermark(int tplId)
    {
        var current = Volatile.Read(ref _idWatermark.Value);
        while (tplId > current)
        {
            var seen = Interlocked.CompareExchange(ref _idWatermark.Value, tplId, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Whether two live records ever shared a runtime id (ids wrapped): only then does an end event need the index.</summary>
    public bool SharedIdsSeen => Volatile.Read(ref _sharedIds.Value) != 0;

    /// <summary>Two live records share a runtime id from now on (see <see cref="SharedIdsSeen"/>).</summary>
    public void MarkSharedId() => Volatile.Write(ref _sharedIds.Value, 1);

    /// <summary>Tests: called with each record put in the live list (discovery's drain lists only the tasks it saw begin but not end).</summary>
    internal Action<TaskRecord>? Listing { get; set; }

    /// <summary>
    /// Creates and registers a record started at <paramref name="startTimestamp"/> (now when 0), or returns null (counted
    /// as dropped) when the bound is reached. <paramref name="listed"/> false counts it (live, created, the bound) without
    /// putting it in the lists yet: discovery's drain keeps a task that may end within the same drain to itself and lists
    /// it (<see cref="List"/>) only if it has not; one that terminates unlisted costs no dictionary work at all.
    /// <paramref name="spare"/>, a record that terminated unlisted and that nothing refers to, is made the new one
    /// instead of allocating one.
    /// </summary>
    public TaskRecord? TryAdd(TaskOrigin origin, string name, long startTimestamp = 0, bool listed = true, TaskRecord? spare = null)
    {
        if (Interlocked.Increment(ref _liveCount) > maxLive)
        {
            Interlocked.Decrement(ref _liveCount);
            Interlocked.Increment(ref _dropped);
            return null;
        }

        var id = Interlocked.Increment(ref _nextId);
        var start = startTimestamp != 0 ? startTimestamp : Stopwatch.GetTimestamp();
        TaskRecord record;
        if (spare is not null)
        {
            spare.Reuse(id, origin, name, start);
            record = spare;
        }
        else
        {
            record = new TaskRecord(id, origin, name, start);
        }
        if (listed)
        {
            List(record);
        }

        Interlocked.Increment(ref _created);
        if (origin == TaskOrigin.Explicit)
        {
            Interlocked.Increment(ref _liveExplicit);
        }

        return record;
    }

    /// <summary>
    /// Makes <paramref name="record"/> the one events for <paramref name="tplId"/> reach. <paramref name="older"/> is the
    /// live record the index held for that id, if any (the caller looked it up already): it gets the id back later.
    /// </summary>
    public void Index(int tplId, TaskRecord record, TaskRecord? older = null)
    {
        record.TplId = tplId;
        RaiseIdWatermark(tplId);
        if (older is not null && older != record && Volatile.Read(ref older.Terminated) == 0)
        {
            record.Shadowed = older;
            MarkSharedId();
        }

        _byTplId[tplId] = record;
        if (Volatile.Read(ref record.Terminated) != 0)
        {
            // It ended while being indexed (an explicit task's work, indexed off its thread): take the id back out.
            HandBack(record);
        }
    }

    /// <summary>Puts a record added unlisted (<see cref="TryAdd"/>) and still live in the list of live records.</summary>
    public void List(TaskRecord record)
    {
        record.Listed = true;
        _live[record.Id] = record;
        Listing?.Invoke(record);
    }

    public TaskRecord? ByTplId(int tplId) => _byTplId.TryGetValue(tplId, out var record) ? record : null;

    public TaskRecord? ById(long id) => _live.TryGetValue(id, out var record) ? record : null;

    /// <summary>Removes a record; returns false when someone else already did (each record terminates once).</summary>
    public bool TryRemove(TaskRecord record)
    {
        if (Interlocked.Exchange(ref record.Terminated, 1) != 0)
        {
            return false;
        }

        if (record.Listed)
        {
            _live.TryRemove(record.Id, out _);
            if (record.TplId != 0)
            {
                HandBack(record);
            }
        }

        Interlocked.Decrement(ref _liveCount);
        if (record.Origin == TaskOrigin.Explicit)
        {
            Interlocked.Decrement(ref _liveExplicit);
        }

        return true;
    }

    /// <summary>Removes a record that turned out to duplicate another (not a termination: it was never really a task of its own).</summary>
    public void Forget(TaskRecord record)
    {
        if (TryRemove(record))
        {
            Interlocked.Decrement(ref _created);
        }
    }

    /// <summary>Takes an ended record out of the runtime-id index, giving the id back to the newest live record it shadowed.</summary>
    private void HandBack(TaskRecord record)
    {
        var older = record.Shadowed;
        while (older is not null && Volatile.Read(ref older.Terminated) != 0)
        {
            older = older.Shadowed;
        }

        // Both are no-ops when the index holds someone else for the id (a newer record shadowing this one).
        if (older is null)
        {
            _byTplId.TryRemove(new KeyValuePair<int, TaskRecord>(record.TplId, record));
        }
        else
        {
            _byTplId.TryUpdate(record.TplId, older, record);
        }
    }

    /// <summary>A moment-in-time copy of the live records (lock-free enumeration).</summary>
    public List<TaskRecord> Snapshot()
    {
        Interlocked.Increment(ref _snapshots);
        var result = new List<TaskRecord>(LiveCount + 16);
        foreach (var pair in _live)
        {
            result.Add(pair.Value);
        }

        return result;
    }

    /// <summary>Forgets every discovered record (discovery switched off): they will never see their end event.</summary>
    public int ClearDiscovered()
    {
        var removed = 0;
        foreach (var pair in _live)
        {
            if (pair.Value.Origin == TaskOrigin.Discovered && TryRemove(pair.Value))
            {
                removed++;
            }
        }

        return removed;
    }
}
