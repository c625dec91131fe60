using System.Diagnostics;
using Taskmon.State;
using Taskmon.Tracking;

namespace Taskmon.Inspection;

/// <summary>Filters, sorts, groups and pages live and terminated tasks for the UIs.</summary>
internal sealed class TaskLists(TerminationLog log, LiveTaskViews views, TerminatedViews terminatedViews)
{
    /// <summary>
    /// Filters and sorts the internal records of <paramref name="snapshot"/> with cheap keys, and builds public views
    /// only for the requested page: a snapshot of 100,000 tasks allocates 50 views, not 100,000. A flat list keeps only
    /// the first offset + limit records in order (a bounded heap) instead of sorting every match.
    /// </summary>
    public TaskListPage Live(TaskQuery query, List<TaskRecord> snapshot)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = Stopwatch.GetTimestamp();
        var filter = query.Filter;
        var matches = new List<TaskRecord>();
        foreach (var record in snapshot)
        {
            if (Volatile.Read(ref record.Terminated) != 0
                || (query.PersistentOnly && !record.Persistent)
                || (record.Monitor && !query.IncludeMonitor)
                || (query.Origin is { } origin && record.Origin != origin)
                || (!string.IsNullOrEmpty(filter)
                    && !record.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
                    && !TerminationRecorder.MethodOf(record).Contains(filter, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            matches.Add(record);
        }

        var comparison = Comparison(query.Sort, query.Descending, matches, now);
        var offset = Math.Max(0, query.Offset);
        var limit = Math.Clamp(query.Limit, 0, QueryVocabulary.MaxLimit);
        List<(TaskRecord Record, int Depth)> rows;
        if (query.Tree)
        {
            matches.Sort(comparison);
            rows = Trees.Flatten(matches, static r => r.Id, static r => r.ParentId, comparison);
        }
        else
        {
            rows = First(matches, (int)Math.Min((long)offset + limit, matches.Count), comparison).ConvertAll(static r => (r, 0));
        }

        var total = query.Tree ? rows.Count : matches.Count;
        var page = new List<TaskListItem>(Math.Min(limit, Math.Max(0, rows.Count - offset)));
        for (var i = offset; i < rows.Count && page.Count < limit; i++)
        {
            page.Add(new TaskListItem { Task = views.View(rows[i].Record, now), Depth = rows[i].Depth });
        }

        return new TaskListPage { Items = page, TotalMatching = total, Offset = offset, Limit = limit };
    }

    /// <summary>The first <paramref name="count"/> of <paramref name="records"/> in <paramref name="comparison"/>'s order.</summary>
    private static List<TaskRecord> First(List<TaskRecord> records, int count, Comparison<TaskRecord> comparison)
    {
        if (count >= records.Count / 2)
        {
            records.Sort(comparison);
            return records.GetRange(0, count);
        }

        // A max-heap of the best so far: each further record costs one comparison with the worst kept, usually.
        var kept = new PriorityQueue<TaskRecord, TaskRecord>(count + 1, Comparer<TaskRecord>.Create((a, b) => comparison(b, a)));
        foreach (var record in records)
        {
            if (kept.Count < count)
            {
                kept.Enqueue(record, record);
            }
            else if (count > 0 && comparison(record, kept.Peek()) < 0)
            {
                kept.DequeueEnqueue(record, record);
            }
        }

        var first = new List<TaskRecord>(kept.Count);
        while (kept.TryDequeue(out var record, out _))
        {
            first.Add(record);
        }

        first.Reverse();
        return first;
    }

    public TerminatedPage Terminated(TerminatedQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.Filter;
        var matches = new List<TerminatedTask>();
        foreach (var entry in log.NewestFirst(query.PersistentOnly))
        {
            if ((query.Outcome is { } outcome && entry.Outcome != outcome)
                || (entry.Monitor && !query.IncludeMonitor)
                || (!string.IsNullOrEmpty(filter)
                    && !entry.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
                    && !entry.Method.Contains(filter, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            matches.Add(terminatedViews.View(entry));
        }

        // The history comes newest first; the sorts are stable, so equal keys stay newest first.
        // No key: the history's own order. Ascending by end time is that order reversed; descending is the order itself.
        if (query.Sort is null || query.Sort == TerminatedSortKey.Terminated)
        {
            if (query.Sort is not null && !query.Descending)
            {
                matches.Reverse();
            }
        }
        else
        {
            var key = TerminatedComparer(query.Sort.Value);
            matches = [.. query.Descending ? matches.OrderByDescending(t => t, key) : matches.OrderBy(t => t, key)];
        }

        var offset = Math.Max(0, query.Offset);
        var limit = Math.Clamp(query.Limit, 0, QueryVocabulary.MaxLimit);
        return new TerminatedPage { Items = [.. matches.Skip(offset).Take(limit)], TotalMatching = matches.Count, Offset = offset, Limit = limit };
    }

    private static Comparer<TerminatedTask> TerminatedComparer(TerminatedSortKey key) => Comparer<TerminatedTask>.Create(key switch
    {
        TerminatedSortKey.Started => static (a, b) => a.StartedAt.CompareTo(b.StartedAt),
        TerminatedSortKey.Name => static (a, b) => string.CompareOrdinal(a.Name, b.Name),
        TerminatedSortKey.Outcome => static (a, b) => a.Outcome.CompareTo(b.Outcome),
        TerminatedSortKey.Duration => static (a, b) => (a.TerminatedAt - a.StartedAt).CompareTo(b.TerminatedAt - b.StartedAt),
        _ => static (a, b) => a.TerminatedAt.CompareTo(b.TerminatedAt),
    });

    private Comparison<TaskRecord> Comparison(TaskSortKey key, bool descending, List<TaskRecord> records, long now)
    {
        Comparison<TaskRecord> primary;
        switch (key)
        {
            case TaskSortKey.Age:
                primary = static (a, b) => a.StartTimestamp.CompareTo(b.StartTimestamp);
                break;
            case TaskSortKey.Name:
                primary = static (a, b) => string.CompareOrdinal(a.Name, b.Name);
                break;
            case TaskSortKey.Busy:
                primary = (a, b) => Busy(b, now).CompareTo(Busy(a, now));
                break;
            case TaskSortKey.State:
                var ranks = new Dictionary<TaskRecord, int>(records.Count, ReferenceEqualityComparer.Instance);
                foreach (var record in records)
                {
                    ranks[record] = StateRank(views.StateOf(record));
                }

                primary = (a, b) => ranks[a].CompareTo(ranks[b]);
                break;
            default:
                // By id alone: one comparison, no tie-break needed (ids are unique).
                return descending ? static (a, b) => b.Id.CompareTo(a.Id) : static (a, b) => a.Id.CompareTo(b.Id);
        }

        return descending
            ? (a, b) => { var c = primary(b, a); return c != 0 ? c : b.Id.CompareTo(a.Id); }
        : (a, b) => { var c = primary(a, b); return c != 0 ? c : a.Id.CompareTo(b.Id); };
    }

    private static long Busy(TaskRecord record, long now)
    {
        var start = Volatile.Read(ref record.RunStartTimestamp);
        return record.BusyTicks + (start != 0 ? now - start : 0);
    }

    private static int StateRank(TaskState state) => state switch
    {
        TaskState.Running => 0,
        TaskState.Waiting => 1,
        _ => 2,
    };
}
