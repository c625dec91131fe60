using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Taskmon.Inspection;
using Taskmon.Json;
using Taskmon.Web.Http;

namespace Taskmon.Web.Api;

/// <summary>
/// The JSON API under /api. Each endpoint validates its parameters, asks the monitor's query API
/// and serializes the monitor's own result records (one model for terminal, CLI and web).
/// </summary>
internal sealed partial class TaskmonApi
{
    private readonly TaskMonitor _monitor;
    private readonly TaskmonWebOptions _options;
    private readonly LiveEvents _events;
    private readonly TopEvents _top;

    public TaskmonApi(TaskMonitor monitor, TaskmonWebOptions options)
    {
        _monitor = monitor;
        _options = options;
        _events = new LiveEvents(this, options.RefreshInterval);
        _top = new TopEvents(monitor, options.RefreshInterval);
    }

    /// <summary>
    /// Runs each endpoint's query and serialization once, off the request path, so the first
    /// operator request does not pay for JIT compilation (seconds on a busy JIT host).
    /// </summary>
    public void WarmUp(Action<string, Exception?> onError) => _ = Task.Run(() =>
    {
        try
        {
            JsonSerializer.SerializeToUtf8Bytes(Summary(null), TaskmonJsonContext.Default.Summary);
            JsonSerializer.SerializeToUtf8Bytes(_monitor.GetTasks(new TaskQuery { Limit = 1 }), TaskmonJsonContext.Default.TaskListPage);
            JsonSerializer.SerializeToUtf8Bytes(_monitor.GetTerminated(new TerminatedQuery { Limit = 1 }), TaskmonJsonContext.Default.TerminatedPage);
        }
        catch (Exception ex)
        {
            onError("warm-up", ex);
        }
    });

    public async ValueTask<HttpResponse> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await RouteAsync(request, new QueryParameters(request), cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            return Error(ex.StatusCode, ex.Message);
        }
    }

    private ValueTask<HttpResponse> RouteAsync(HttpRequest request, QueryParameters query, CancellationToken cancellationToken)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // segments[0] is "api"
        return (segments.Length, request.Method) switch
        {
            (2, _) when segments[1] == "version" => Get(request, () => Json(Version(query), TaskmonJsonContext.Default.VersionInfo)),
            (2, _) when segments[1] == "counts" => Get(request, () => Json(Counts(query), TaskmonJsonContext.Default.TaskCounts)),
            (2, _) when segments[1] == "summary" => Get(request, () => Json(Summary(query), TaskmonJsonContext.Default.Summary)),
            (2, _) when segments[1] == "tasks" => Get(request, () => Json(LiveTasks(query), TaskmonJsonContext.Default.TaskListPage)),
            (2, _) when segments[1] == "terminated" => Get(request, () => Json(TerminatedTasks(query), TaskmonJsonContext.Default.TerminatedPage)),
            (2, _) when segments[1] == "threadpool" => Get(request, () => Json(ThreadPoolNow(query), TaskmonJsonContext.Default.ThreadPoolState)),
            (2, "POST") when segments[1] == "tracking" => Sync(Json(SetTracking(query), TaskmonJsonContext.Default.TrackingStatus)),
            (2, _) when segments[1] == "tracking" => Get(request, () => Json(Tracking(query), TaskmonJsonContext.Default.TrackingStatus)),
            (2, _) when segments[1] == "events" => Get(request, () => _events.Open(query)),
            (2, _) when segments[1] == "top" => Get(request, () => _top.Open(query)),
            (4, _) when segments[1] == "tasks" && segments[3] == "trace" => Get(request, () => Json(LiveTrace(segments[2], query), TaskmonJsonContext.Default.LiveTaskTrace)),
            (4, "POST") when segments[1] == "tasks" && segments[3] == "cancel" => CancelAsync(segments[2], query, cancellationToken),
            (4, _) when segments[1] == "tasks" && segments[3] == "cancel" => Sync(MethodNotAllowed("POST")),
            (4, _) when segments[1] == "terminated" && segments[3] == "trace" => Get(request, () => Json(TerminatedTrace(segments[2], query), TaskmonJsonContext.Default.TerminationTrace)),
            _ => Sync(Error(404, $"no API endpoint {request.Path} (see docs/web.md)")),
        };
    }

    private static ValueTask<HttpResponse> Get(HttpRequest request, Func<HttpResponse> answer) =>
        request.Method is "GET" or "HEAD" ? Sync(answer()) : Sync(MethodNotAllowed("GET, HEAD"));

    private static ValueTask<HttpResponse> Sync(HttpResponse response) => ValueTask.FromResult(response);

    private static HttpResponse MethodNotAllowed(string allow)
    {
        var response = Error(405, $"method not allowed here; use {allow}");
        response.Headers["Allow"] = allow;
        return response;
    }

    internal static HttpResponse Json<T>(T value, JsonTypeInfo<T> typeInfo, int status = 200)
    {
        var response = new HttpResponse(status, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        response.Headers["Cache-Control"] = "no-store";
        return response;
    }

    internal static HttpResponse Error(int status, string message) =>
        Json(new ErrorBody(status, message), TaskmonJsonContext.Default.ErrorBody, status);
}
