using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Taskmon.Web.Api;
using Taskmon.Web.Assets;
using Taskmon.Web.Http;

namespace Taskmon.Web;

/// <summary>
/// The Taskmon web dashboard and JSON API, served from inside the application by a small embedded
/// HTTP server (default <c>http://127.0.0.1:20102/</c>). Start one with <see cref="Start"/>, or
/// register it in a host with <c>services.AddTaskmonWeb()</c>; dispose it to stop listening.
/// </summary>
public sealed partial class TaskmonWebServer : IAsyncDisposable
{
    private readonly HttpServer _server;

    private TaskmonWebServer(HttpServer server)
    {
        _server = server;
        Address = new Uri($"http://{FormatHost(server.EndPoint)}/");
    }

    /// <summary>The dashboard's address, with the port really bound (useful when <see cref="TaskmonWebOptions.Port"/> is 0).</summary>
    public Uri Address { get; }

    /// <summary>Connections open now (served or being turned away); tests wait on it instead of sleeping.</summary>
    internal int OpenConnections => _server.OpenConnections;

    /// <summary>Starts serving the dashboard and API for <paramref name="monitor"/>.</summary>
    /// <param name="monitor">The monitor whose tasks are shown.</param>
    /// <param name="options">Address, port and token; defaults when null.</param>
    /// <param name="logger">Receives the server's own faults (never thrown into the application); none when null.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">The options are unsafe or invalid (a non-loopback
    /// address without <see cref="TaskmonWebOptions.AllowNonLoopback"/> and a token, a bad address or
    /// port), or the port is already in use.</exception>
    public static TaskmonWebServer Start(TaskMonitor monitor, TaskmonWebOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        options ??= new TaskmonWebOptions();
        logger ??= NullLogger.Instance;
        var endPoint = Validate(options);
        var loopback = IPAddress.IsLoopback(endPoint.Address);
        var api = new TaskmonApi(monitor, options);
        var handler = new WebRequestHandler(new AccessGuard(options.Token, loopback), api, new StaticAssets());
        void OnError(string what, Exception? ex) => LogFault(logger, what, ex);
        try
        {
            var server = HttpServer.Start(endPoint, handler, OnError);
            api.WarmUp(OnError);
            var web = new TaskmonWebServer(server);
            LogListening(logger, web.Address, options.Token is null ? "no token" : "token required");
            return web;
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"Taskmon web UI cannot listen on {endPoint}: {ex.Message}", ex);
        }
    }

    private static IPEndPoint Validate(TaskmonWebOptions options)
    {
        if (!IPAddress.TryParse(options.Address, out var address))
        {
            throw new InvalidOperationException($"Taskmon web UI: '{options.Address}' is not an IP address (use 127.0.0.1 or ::1; host names are not resolved).");
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Taskmon web UI: port {options.Port} is out of range 0-65535.");
        }

        if (!IPAddress.IsLoopback(address) && (!options.AllowNonLoopback || string.IsNullOrEmpty(options.Token)))
        {
            throw new InvalidOperationException(
                $"Taskmon web UI refuses to listen on non-loopback address {address}: set AllowNonLoopback = true AND a Token (anyone who reaches the port could cancel tasks).");
        }

        return new IPEndPoint(address, options.Port);
    }

    private static string FormatHost(IPEndPoint endPoint) =>
        endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : endPoint.ToString();

    /// <summary>Stops listening and closes open connections.</summary>
    /// <returns>A task that completes when the accept loop has ended.</returns>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Taskmon web UI listening on {Address} ({Access})")]
    private static partial void LogListening(ILogger logger, Uri address, string access);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Taskmon web UI fault ({What}); the application is unaffected")]
    private static partial void LogFault(ILogger logger, string what, Exception? exception);
}
