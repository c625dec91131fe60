using System.Collections.Concurrent;
using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tracking;

internal sealed partial class Discovery
{
    private readonly ConcurrentQueue<LostReport> _lostReports = new();
    private Action<int, Task>? _claim;

    /// <summary>
    /// The runtime collected an async method's box before it completed (keyword AsyncMethod): whatever it awaited was
    /// dropped. The payload names the state machine type and its fields. This runs on the finalizer thread, once per
    /// lost task: it only parses and queues; the next sweep, which walks the registry anyway, matches the queued reports
    /// to records (<see cref="SettleLostReports"/>).
    /// </summary>
    internal void OnIncomplete(string description)
    {
        var firstLine = description.AsSpan();
        var newline = firstLine.IndexOf('\n');
        var typeName = (newline < 0 ? firstLine : firstLine[..newline]).Trim().ToString();
        var machineName = typeName[(Math.Max(typeName.LastIndexOf('+'), typeName.LastIndexOf('.')) + 1)..];
        _lostReports.Enqueue(new LostReport("Async: " + machineName, typeName, ParseState(description)));
    }

    /// <summary>
    /// Ends the records of the queued lost reports: each one takes the discovered record with its operation name whose
    /// task object is gone (JIT), or else the oldest one with that name (Native AOT: approximate). One pass over the
    /// sweep's snapshot collects the candidates of the reported names only, so a report costs the same whatever the
    /// number of live tasks.
    /// </summary>
    private void SettleLostReports(List<TaskRecord> snapshot)
    {
        if (_lostReports.IsEmpty)
        {
            return;
        }

        var reports = new List<LostReport>();
        var candidates = new Dictionary<string, List<TaskRecord>>(StringComparer.Ordinal);
        while (_lostReports.TryDequeue(out var report))
        {
            reports.Add(report);
            candidates.TryAdd(report.OperationName, []);
        }

        foreach (var record in snapshot)
        {
            if (record.Origin == TaskOrigin.Discovered
                && record.OperationName is { } name
                && candidates.TryGetValue(name, out var named)
                && (record.WeakTask is not { } weak || !weak.TryGetTarget(out _)))
            {
                named.Add(record);
            }
        }

        foreach (var named in candidates.Values)
        {
            // Best match last: a dead task object before none at all, then the oldest.
            named.Sort(static (a, b) => Rank(b).CompareTo(Rank(a)));
        }

        foreach (var report in reports)
        {
            var named = candidates[report.OperationName];
            var match = named.Count > 0 ? named[^1] : null;
            if (match is not null)
            {
                named.RemoveAt(named.Count - 1);
            }
            else
            {
                // Not tracked (started before discovery, or over the bound): still worth a record.
                match = registry.TryAdd(TaskOrigin.Discovered, infos.For(report.OperationName).Name);
                if (match is null)
                {
                    continue;
                }

                match.OperationName = report.OperationName;
                match.Method = NameDemangler.OfMethod(report.TypeName, "MoveNext");
            }

            terminations.Terminate(match, TaskOutcome.Lost, stuckAt: StuckAt(match, report.State));
        }
    }

    /// <summary>
    /// Claims the task objects waiting in the runtime's table (JIT), so the records about to be shown carry their
    /// objects: live stacks, full method names. Lists claim up to <paramref name="max"/> (a query right after a burst
    /// of a hundred thousand new tasks stays fast; the rest get their objects at the next sweep and show the method
    /// from the operation name meanwhile); the sweep claims all of them every second.
    /// </summary>
    public void ClaimTaskObjects(int max = int.MaxValue)
    {
        if (!_tableHeld)
        {
            return;
        }

        try
        {
            ActiveTaskTable.Sweep(_claim ??= Claim, max);
        }
        catch (Exception ex)
        {
            selfLog.Fault("claim task objects", ex);
        }
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
            selfLog.Fault("claim task object", ex);
        }
    }

    /// <summary>
    /// Every second: clear the runtime's task table of entries nobody took, and settle discovered records whose task
    /// object died without an end event: lost (when lost-task detection is on and the runtime's event did not already
    /// report it within a sweep) or simply forgotten.
    /// </summary>
    private void Sweep()
    {
        try
        {
            ClaimTaskObjects();
            var snapshot = registry.Snapshot();
            SettleLostReports(snapshot);
            foreach (var record in snapshot)
            {
                if (record.Origin != TaskOrigin.Discovered || Volatile.Read(ref record.Terminated) != 0 || record.WeakTask is not { } weak || weak.TryGetTarget(out _))
                {
                    continue;
                }

                if (!record.SeenDead)
                {
                    record.SeenDead = true;
                    continue;
                }

                if (options.LostTasks)
                {
                    terminations.Terminate(record, TaskOutcome.Lost, stuckAt: "collected before completing (await unknown)");
                }
                else
                {
                    registry.TryRemove(record);
                }
            }
        }
        catch (Exception ex)
        {
            selfLog.Fault("discovery sweep", ex);
        }
    }

    private static (int, long) Rank(TaskRecord record) => (record.WeakTask is null ? 1 : 0, record.Id);

    private static int? ParseState(string description)
    {
        const string marker = "<>1__state: ";
        var at = description.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = description.AsSpan(at + marker.Length);
        var end = digits.IndexOfAny('\r', '\n');
        return int.TryParse(end < 0 ? digits : digits[..end], out var state) ? state : null;
    }

    private string StuckAt(TaskRecord record, int? state)
    {
        if (state is not { } s || s < 0)
        {
            return "collected before completing";
        }

        if (record.Machine is { } machine && awaitLines.Find(machine, s) is { } line)
        {
            return $"stuck at await #{s} ({paths.Shorten(line.File)}:{line.Line}), collected before completing";
        }

        return $"stuck at await #{s}, collected before completing";
    }
}
