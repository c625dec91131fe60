using System.Diagnostics;
using Taskmon.State;

namespace Taskmon.Inspection;

/// <summary>Filters, sorts, groups and pages live and terminated tasks for the UIs.</summary>
internal sealed class TaskLists(TaskRegistry registry, TerminationLog log, LiveTaskViews views, TerminatedViews terminatedViews)
{
    public TaskListPage Live(TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = Stopwatch.GetTimestamp();
        var filter = query.Filter;
        var matches = new List<LiveTask>();
        foreach (var record in registry.Snapshot())
        {
            if ((query.PersistentOnly && !record.Persistent) || (query.Origin is { } origin && record.Origin != origin))
            {
                continue;
            }

            var view = views.View(record, now);
            if (!string.IsNullOrEmpty(filter)
                && !view.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
                && !view.Method.Contains(filter, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            matches.Add(view);
        }

        var comparison = Comparison(query.Sort, query.Descending);
        matches.Sort(comparison);
        var rows = query.Tree ? Trees.Flatten(matches, comparison) : matches.ConvertAll(static t => new TaskListItem(t, 0));
        var offset = Math.Max(0, query.Offset);
        var limit = Math.Max(0, query.Limit);
        var page = rows.Skip(offset).Take(limit).ToArray();
        return new TaskListPage(page, rows.Count, offset, limit);
    }

    public TerminatedPage Terminated(TerminatedQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.Filter;
        var matches = new List<TerminatedTask>();
        foreach (var entry in log.NewestFirst(query.PersistentOnly))
        {
            if ((query.Outcome is { } outcome && entry.Outcome != outcome)
                || (!string.IsNullOrEmpty(filter)
                    && !entry.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
                    && !entry.Method.Contains(filter, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            matches.Add(terminatedViews.View(entry));
        }

        var offset = Math.Max(0, query.Offset);
        var limit = Math.Max(0, query.Limit);
        return new TerminatedPage(matches.Skip(offset).Take(limit).ToArray(), matches.Count, offset, limit);
    }

    private static Comparison<LiveTask> Comparison(TaskSortKey key, bool descending)
    {
        Comparison<LiveTask> primary = key switch
        {
            TaskSortKey.Age => static (a, b) => b.Age.CompareTo(a.Age),
            TaskSortKey.Name => static (a, b) => string.CompareOrdinal(a.Name, b.Name),
            TaskSortKey.State => static (a, b) => StateRank(a.State).CompareTo(StateRank(b.State)),
            TaskSortKey.Busy => static (a, b) => b.BusyTime.CompareTo(a.BusyTime),
            _ => static (a, b) => 0,
        };
        return descending
            ? (a, b) => { var c = primary(b, a); return c != 0 ? c : b.Id.CompareTo(a.Id); }
            : (a, b) => { var c = primary(a, b); return c != 0 ? c : a.Id.CompareTo(b.Id); };
    }

    private static int StateRank(TaskState state) => state switch
    {
        TaskState.Running => 0,
        TaskState.Waiting => 1,
        _ => 2,
    };
}
