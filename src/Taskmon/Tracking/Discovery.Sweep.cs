using System.Diagnostics;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>
/// The claim sweep: moves the runtime's pending-task table into the monitor's weak handles (each second, and before
/// each list), so the table never keeps a task alive, and settles records whose task object completed or died.
/// In Full the table only gives objects to records that events created; in Pending the table is the only source: each
/// claimed async method box becomes a record, first seen then.
/// </summary>
internal sealed partial class Discovery
{
    private Action<int, Task>? _claimForEvents;
    private Action<int, Task>? _claimPending;
    private Action? _flush;
    private long _longestHoldTicks;

    /// <summary>The longest time one sweep held a retired table's lock (only an app thread that read the table field just before a swap can wait that long).</summary>
    internal TimeSpan LongestTableHold => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _longestHoldTicks));

    /// <summary>
    /// Claims the task objects waiting in the runtime's table (JIT), so the records about to be shown carry their
    /// objects: live stacks, full method names; in Pending, also drops the records whose task completed and returns the
    /// copy of the live records it walked for that (null otherwise), for the list to reuse. Lists claim up to
    /// <paramref name="maxClaims"/> (a query right after a burst of a hundred thousand new tasks stays fast; the rest
    /// get claimed at the next sweep); the sweep claims all of them every second.
    /// </summary>
    public List<TaskRecord>? Refresh(int maxClaims = int.MaxValue)
    {
        Flush();
        if (!_tableHeld)
        {
            return null;
        }

        try
        {
            var pending = _level == DiscoveryLevel.Pending;
            ActiveTaskTable.Sweep(pending ? _claimPending ??= ClaimPending : _claimForEvents ??= Claim, maxClaims, out var stats, pending ? null : _flush ??= Flush);
            if (stats.LongestHoldTicks > Volatile.Read(ref _longestHoldTicks))
            {
                Volatile.Write(ref _longestHoldTicks, stats.LongestHoldTicks);
            }

            if (pending)
            {
                var snapshot = _registry.Snapshot();
                SettleRecords(snapshot);
                return snapshot;
            }
        }
        catch (Exception ex)
        {
            _selfLog.Fault("claim task objects", ex);
        }

        return null;
    }

    /// <summary>The task object of one discovered record, taken out of the runtime's table now (where, one task).</summary>
    public void ClaimTaskObject(TaskRecord record)
    {
        if (!_tableHeld || record.Origin != TaskOrigin.Discovered || record.WeakTask is not null)
        {
            return;
        }

        try
        {
            if (ActiveTaskTable.Take(record.TplId) is { } task)
            {
                Attach(record, task);
            }
        }
        catch (Exception ex)
        {
            _selfLog.Fault("claim task object", ex);
        }
    }

    /// <summary>Full: the table's object goes to the record its begin event created.</summary>
    private void Claim(int id, Task task)
    {
        if (_registry.ByTplId(id) is { Origin: TaskOrigin.Discovered, WeakTask: null } record)
        {
            Attach(record, task);
        }
    }

    /// <summary>
    /// Pending: a pending async method box becomes a record (other tasks in the table, promises and delays, are only
    /// let go). An explicit task's own work is already its explicit record (<see cref="AbsorbWork"/>).
    /// </summary>
    private void ClaimPending(int id, Task task)
    {
        // One cache lookup by the box's type: no reflection and no string built per task.
        if (task.IsCompleted || _infos.ForTask(task, out var machine) is not { ExplicitCompletion: false } info)
        {
            return;
        }

        var existing = _registry.ByTplId(id);
        if (existing is { Origin: TaskOrigin.Explicit })
        {
            return;
        }

        var record = _registry.TryAdd(TaskOrigin.Discovered, info.Name);
        if (record is null)
        {
            return;
        }

        record.OperationName = info.OperationName;
        Attach(record, task, info, machine);
        _registry.Index(id, record, existing);
        _metrics.Created();
    }

    private void Attach(TaskRecord record, Task task) => Attach(record, task, _infos.ForTask(task, out var machine), machine);

    /// <summary>A record takes its task object (weakly) and what the object's type says: method, state machine, name, flags.</summary>
    private static void Attach(TaskRecord record, Task task, MachineInfo? info, Type? machine)
    {
        if (info is not null)
        {
            record.Machine = machine;
            record.Method = info.Method;
            record.Name = info.Name;
            record.Persistent |= info.Persistent;
            record.Monitor = info.Monitor;
        }

        record.WeakTask = new WeakReference<Task>(task);
    }

    /// <summary>
    /// Every second: clear the runtime's task table, then settle lost reports and the records whose task object is done.
    /// </summary>
    private void Sweep()
    {
        try
        {
            var settled = Refresh();
            var snapshot = settled ?? _registry.Snapshot();
            SettleLostReports(snapshot);
            if (settled is null)
            {
                SettleRecords(snapshot);
            }
        }
        catch (Exception ex)
        {
            _selfLog.Fault("discovery sweep", ex);
        }
    }

    /// <summary>
    /// Full, once a full buffer has dropped events: a record whose task object completed may never see its end event.
    /// At the second sweep that finds it so (the drain, every 10 ms, has had a second to bring a late end event in), its
    /// object's completion ends it, timed now.
    /// </summary>
    private void SettleWithoutEnd(TaskRecord record, Task task)
    {
        if (!record.SeenCompleted)
        {
            record.SeenCompleted = true;
            return;
        }

        Finished(record, task);
    }

    /// <summary>
    /// Discovered records whose task object completed (Pending: no end event will come; no history is kept) are dropped,
    /// in Full after dropped events ended (<see cref="SettleWithoutEnd"/>); those whose object died without completing are lost (when lost-task detection is on; at the second sighting, so
    /// the runtime's own report in Full arrives first) or simply forgotten.
    /// </summary>
    private void SettleRecords(List<TaskRecord> snapshot)
    {
        var pending = _level == DiscoveryLevel.Pending;
        var dropped = EventsDropped > 0;
        foreach (var record in snapshot)
        {
            if (record.Origin != TaskOrigin.Discovered || Volatile.Read(ref record.Terminated) != 0 || record.WeakTask is not { } weak)
            {
                continue;
            }

            if (weak.TryGetTarget(out var task))
            {
                if (task.IsCompleted)
                {
                    if (pending)
                    {
                        _registry.TryRemove(record);
                    }
                    else if (dropped)
                    {
                        SettleWithoutEnd(record, task);
                    }
                }

                continue;
            }

            if (!record.SeenDead)
            {
                record.SeenDead = true;
                continue;
            }

            if (options.LostTasks)
            {
                _terminations.Terminate(record, TaskOutcome.Lost, stuckAt: "collected before completing (await unknown)");
            }
            else
            {
                _registry.TryRemove(record);
            }
        }
    }
}
