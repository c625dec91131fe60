using System.Diagnostics;
using Taskmon.State;
using Taskmon.Tracking;

namespace Taskmon.Inspection;

/// <summary>Filters, sorts, groups and pages live and terminated tasks for the UIs.</summary>
internal sealed class TaskLists(TaskRegistry registry, TerminationLog log, LiveTaskViews views, TerminatedViews terminatedViews)
{
    /// <summary>
    /// Filters and sorts the internal records with cheap keys, and builds public views only for the requested page:
    /// a snapshot of 100,000 tasks allocates 50 views, not 100,000.
    /// </summary>
    public TaskListPage Live(TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = Stopwatch.GetTimestamp();
        var filter = query.Filter;
        var matches = new List<TaskRecord>();
        foreach (var record in registry.Snapshot())
        {
            if ((query.PersistentOnly && !record.Persistent)
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
        matches.Sort(comparison);
        var rows = query.Tree
            ? Trees.Flatten(matches, static r => r.Id, static r => r.ParentId, comparison)
            : matches.ConvertAll(static r => (r, 0));
        var offset = Math.Max(0, query.Offset);
        var limit = Math.Clamp(query.Limit, 0, QueryVocabulary.MaxLimit);
        var page = new List<TaskListItem>(Math.Min(limit, Math.Max(0, rows.Count - offset)));
        for (var i = offset; i < rows.Count && page.Count < limit; i++)
        {
            page.Add(new TaskListItem { Task = views.View(rows[i].Item1, now), Depth = rows[i].Item2 });
        }

        return new TaskListPage { Items = page, TotalMatching = rows.Count, Offset = offset, Limit = limit };
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
                primary = static (a, b) => 0;
                break;
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
