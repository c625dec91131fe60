using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Taskmon.Inspection;

namespace Taskmon.Web.Api;

internal sealed partial class TaskmonApi
{
    /// <summary>Largest page a client may ask for; the list of 100,000 tasks is read page by page.</summary>
    public const int MaxLimit = 1000;

    private static readonly Dictionary<string, TaskSortKey> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = TaskSortKey.Id,
        ["age"] = TaskSortKey.Age,
        ["name"] = TaskSortKey.Name,
        ["state"] = TaskSortKey.State,
        ["busy"] = TaskSortKey.Busy,
    };

    private static readonly Dictionary<string, TerminatedSortKey?> TerminatedSortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ended"] = TerminatedSortKey.Terminated,
        ["started"] = TerminatedSortKey.Started,
        ["name"] = TerminatedSortKey.Name,
        ["outcome"] = TerminatedSortKey.Outcome,
        ["duration"] = TerminatedSortKey.Duration,
    };

    private static readonly Dictionary<string, TaskOrigin?> Origins = new(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = null,
        ["explicit"] = TaskOrigin.Explicit,
        ["discovered"] = TaskOrigin.Discovered,
    };

    private static readonly Dictionary<string, TaskOutcome?> Outcomes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = null,
        ["completed"] = TaskOutcome.Completed,
        ["cancelled"] = TaskOutcome.Cancelled,
        ["faulted"] = TaskOutcome.Faulted,
        ["lost"] = TaskOutcome.Lost,
    };

    private static readonly string ProcessName = Process.GetCurrentProcess().ProcessName;
    private static readonly DateTimeOffset ProcessStartedAt = new(Process.GetCurrentProcess().StartTime);

    private static VersionInfo Version(QueryParameters query)
    {
        query.RejectUnknown();
        var version = typeof(TaskMonitor).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return new VersionInfo("Taskmon", version, RuntimeInformation.FrameworkDescription,
            !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported, Environment.ProcessId, ProcessName, ProcessStartedAt);
    }

    private TaskCounts Counts(QueryParameters query)
    {
        query.RejectUnknown();
        return _monitor.GetCounts();
    }

    internal Summary Summary(QueryParameters? query)
    {
        query?.RejectUnknown();
        return new Summary(_monitor.GetCounts(), _monitor.GetThreadPoolState(), _monitor.GetStatus());
    }

    private TaskListPage LiveTasks(QueryParameters query)
    {
        var q = new TaskQuery
        {
            Filter = query.String("filter"),
            PersistentOnly = query.Bool("persistent") ?? false,
            Origin = query.Choice("origin", (TaskOrigin?)null, Origins),
            Sort = query.Choice("sort", TaskSortKey.Id, SortKeys),
            Descending = query.Bool("desc") ?? false,
            Offset = query.Int("offset", 0, 0, int.MaxValue),
            Limit = query.Int("limit", 100, 1, MaxLimit),
            Tree = query.Bool("tree") ?? false,
        };
        query.RejectUnknown();
        return _monitor.GetTasks(q);
    }

    private TerminatedPage TerminatedTasks(QueryParameters query)
    {
        var q = new TerminatedQuery
        {
            Filter = query.String("filter"),
            PersistentOnly = query.Bool("persistent") ?? false,
            Outcome = query.Choice("outcome", (TaskOutcome?)null, Outcomes),
            Offset = query.Int("offset", 0, 0, int.MaxValue),
            Limit = query.Int("limit", 100, 1, MaxLimit),
        };

        // No sort: the history's own order, newest first. With a sort: ascending unless desc=true, as for live tasks.
        var sort = query.Choice("sort", (TerminatedSortKey?)null, TerminatedSortKeys);
        var descending = query.Bool("desc");
        q = q with { Sort = sort ?? TerminatedSortKey.Terminated, Descending = descending ?? sort is null };

        query.RejectUnknown();
        return _monitor.GetTerminated(q);
    }

    private LiveTaskTrace LiveTrace(string idText, QueryParameters query)
    {
        query.RejectUnknown();
        var id = ParseId(idText);
        return _monitor.Where(id) ?? throw ApiException.NotFound($"no live task {id} (it may have ended: see /api/terminated)");
    }

    private TerminationTrace TerminatedTrace(string traceId, QueryParameters query)
    {
        query.RejectUnknown();
        if (traceId.Length is 0 or > 64)
            throw ApiException.BadRequest("trace id must be 1 to 64 characters");
        return _monitor.WhereTerminated(traceId) ?? throw ApiException.NotFound($"no terminated task with trace id '{traceId}' (history keeps the most recent only)");
    }

    private ThreadPoolState ThreadPoolNow(QueryParameters query)
    {
        query.RejectUnknown();
        return _monitor.GetThreadPoolState();
    }

    private static long ParseId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw ApiException.BadRequest($"task id must be a positive integer, not '{Truncate(text)}'");

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
