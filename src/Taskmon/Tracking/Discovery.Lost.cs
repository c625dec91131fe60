using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tracking;

internal sealed partial class Discovery
{
    private Action<int, Task>? _claim;

    /// <summary>
    /// The runtime collected an async method's box before it completed (keyword AsyncMethod): whatever it awaited was
    /// dropped. The payload names the state machine type and its fields; the record is the discovered one with that
    /// operation name whose task object is gone (JIT), or else the oldest one with that name (Native AOT: approximate).
    /// </summary>
    internal void OnIncomplete(string description)
    {
        var firstLine = description.AsSpan();
        var newline = firstLine.IndexOf('\n');
        var typeName = (newline < 0 ? firstLine : firstLine[..newline]).Trim().ToString();
        var machineName = typeName[(Math.Max(typeName.LastIndexOf('+'), typeName.LastIndexOf('.')) + 1)..];
        var operationName = "Async: " + machineName;
        var state = ParseState(description);

        TaskRecord? match = null;
        foreach (var record in registry.Snapshot())
        {
            if (record.Origin != TaskOrigin.Discovered || record.OperationName != operationName)
            {
                continue;
            }

            var dead = record.WeakTask is not { } weak || !weak.TryGetTarget(out _);
            if (!dead)
            {
                continue;
            }

            if (match is null || Rank(record).CompareTo(Rank(match)) < 0)
            {
                match = record;
            }
        }

        if (match is null)
        {
            // Not tracked (started before discovery, or over the bound): still worth a record.
            match = registry.TryAdd(TaskOrigin.Discovered, infos.For(operationName).Name);
            if (match is null)
            {
                return;
            }

            match.OperationName = operationName;
            match.Method = Names.OfMethod(typeName, "MoveNext");
        }

        terminations.Terminate(match, TaskOutcome.Lost, stuckAt: StuckAt(match, state));
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
            foreach (var record in registry.Snapshot())
            {
                if (record.Origin != TaskOrigin.Discovered || record.WeakTask is not { } weak || weak.TryGetTarget(out _))
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
