using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Taskmon.Web;
using Taskmon.Web.Api;
using Taskmon.Web.Assets;
using Taskmon.Web.Http;
using TaskmonRequest = Taskmon.Web.Http.HttpRequest;
using TaskmonResponse = Taskmon.Web.Http.HttpResponse;

namespace Taskmon.AspNetCore;

/// <summary>
/// The one endpoint <c>MapTaskmon</c> maps: adapts ASP.NET Core's request to the web package's
/// request, runs the same handler as the standalone server, and writes its answer back. The only
/// difference is the guard: no token and no loopback rule (the app's authorization decides who
/// gets in), but the same same-origin rule for state changes, against the request's scheme and host.
/// </summary>
internal sealed partial class TaskmonEndpoint
{
    /// <summary>The catch-all route parameter holding the path below the prefix.</summary>
    public const string PathParameter = "taskmonPath";

    private readonly WebRequestHandler _handler;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;

    public TaskmonEndpoint(TaskMonitor monitor, IServiceProvider services)
    {
        var options = services.GetService<IOptions<TaskmonWebOptions>>()?.Value ?? new TaskmonWebOptions();
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger("Taskmon.AspNetCore") ?? NullLogger.Instance;
        _stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var api = new TaskmonApi(monitor, options);
        _handler = new WebRequestHandler(new AccessGuard(token: null, loopbackOnly: false), api, new StaticAssets());
        api.WarmUp((what, ex) => LogFault(_logger, what, ex));
    }

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.RouteValues[PathParameter] as string ?? "";
        if (path.Length == 0 && context.Request.Path.Value?.EndsWith('/') != true)
        {
            // PREFIX -> PREFIX/: the page's relative links (app.js, api/...) resolve below the prefix.
            context.Response.Redirect((context.Request.PathBase + context.Request.Path).ToUriComponent() + "/" + context.Request.QueryString.ToUriComponent());
            return;
        }

        var request = Adapt(context, "/" + path);
        TaskmonResponse response;
        try
        {
            response = await _handler.HandleAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogFault(_logger, $"{request.Method} {LogText.Escape(request.Path)} failed", ex);
            response = TaskmonResponse.Text(500, "internal error in the monitor (see its log); the application is unaffected");
        }

        await WriteAsync(context, response, headOnly: request.Method == "HEAD").ConfigureAwait(false);
    }

    private static TaskmonRequest Adapt(HttpContext context, string path)
    {
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Query)
        {
            query[name] = values.Count == 0 ? "" : values[^1] ?? "";
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name.ToLowerInvariant()] = values.ToString();
        }

        // The host and scheme as the app sees them: after UseForwardedHeaders, the ones the client used at the proxy.
        headers["host"] = context.Request.Host.Value ?? "";
        return new TaskmonRequest(context.Request.Method.ToUpperInvariant(), path, query, headers, keepAlive: true, context.Request.Scheme);
    }

    private async Task WriteAsync(HttpContext context, TaskmonResponse response, bool headOnly)
    {
        var answer = context.Response;
        answer.StatusCode = response.StatusCode;
        answer.ContentType = response.ContentType;
        foreach (var (name, value) in response.HeaderFields())
        {
            answer.Headers[name] = value;
        }

        if (response.Streamer is not null)
        {
            if (headOnly)
            {
                return;
            }

            // Events go out as they are written, not when a buffer (or a compression middleware) fills.
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
            try
            {
                await answer.StartAsync(ended.Token).ConfigureAwait(false);
                await response.Streamer(answer.Body, ended.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client left, stopped reading, or the app is stopping: the stream just ends.
            }

            return;
        }

        if (response.StatusCode is 204 or 304)
        {
            return;
        }

        answer.ContentLength = response.Body.Length;
        if (!headOnly && !response.Body.IsEmpty)
        {
            await answer.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Taskmon endpoint fault ({What}); the application is unaffected")]
    private static partial void LogFault(ILogger logger, string what, Exception? exception);
}
