using System.Collections.Concurrent;
using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tracking;

internal sealed partial class Discovery
{
    private readonly ConcurrentQueue<LostReport> _lostReports = new();

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
                match = _registry.TryAdd(TaskOrigin.Discovered, _infos.For(report.OperationName).Name);
                if (match is null)
                {
                    continue;
                }

                match.OperationName = report.OperationName;
                match.Method = NameDemangler.OfMethod(report.TypeName, "MoveNext");
            }

            _terminations.Terminate(match, TaskOutcome.Lost, stuckAt: StuckAt(match, report.State));
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

        if (record.Machine is { } machine && _awaitLines.Find(machine, s) is { } line)
        {
            return $"stuck at await #{s} ({_paths.Shorten(line.File)}:{line.Line}), collected before completing";
        }

        return $"stuck at await #{s}, collected before completing";
    }
}
