using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Taskmon.Inspection;
using Taskmon.Json;

namespace Taskmon.Web.Api;

internal sealed partial class TaskmonApi
{
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
        var (offset, limit) = query.Page();
        var q = new TaskQuery
        {
            Offset = offset,
            Limit = limit,
            Filter = query.String("filter"),
            PersistentOnly = query.Bool("persistent") ?? false,
            Origin = query.Choice("origin", QueryVocabulary.Origins, allowAll: true),
            Sort = query.Choice("sort", QueryVocabulary.TaskSorts) ?? TaskSortKey.Id,
            Descending = query.Bool("desc") ?? false,
            Tree = query.Bool("tree") ?? false,
            IncludeMonitor = query.Bool("all") ?? false,
        };
        query.RejectUnknown();
        return _monitor.GetTasks(q);
    }

    private TerminatedPage TerminatedTasks(QueryParameters query)
    {
        var (offset, limit) = query.Page();
        var q = new TerminatedQuery
        {
            Filter = query.String("filter"),
            PersistentOnly = query.Bool("persistent") ?? false,
            Outcome = query.Choice("outcome", QueryVocabulary.Outcomes, allowAll: true),
            IncludeMonitor = query.Bool("all") ?? false,
            Sort = query.Choice("sort", QueryVocabulary.TerminatedSorts),
            Descending = query.Bool("desc") ?? false,
            Offset = offset,
            Limit = limit,
        };
        query.RejectUnknown();
        return _monitor.GetTerminated(q);
    }

    private LiveTaskTrace LiveTrace(string idText, QueryParameters query)
    {
        var full = query.Bool("full") ?? false;
        query.RejectUnknown();
        var id = ParseId(idText);
        var trace = _monitor.GetTrace(id);
        return trace is not null ? (full ? trace : trace.WithFrameworkFramesCollapsed()) : throw ApiException.NotFound($"no live task {id} (it may have ended: see /api/terminated)");
    }

    private TerminationTrace TerminatedTrace(string traceId, QueryParameters query)
    {
        var full = query.Bool("full") ?? false;
        query.RejectUnknown();
        if (traceId.Length is 0 or > 64)
        {
            throw ApiException.BadRequest("trace id must be 1 to 64 characters");
        }

        var trace = _monitor.GetTerminationTrace(traceId);
        return trace is not null ? (full ? trace : trace.WithFrameworkFramesCollapsed()) : throw ApiException.NotFound($"no terminated task with trace id '{traceId}' (history keeps the most recent only)");
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
