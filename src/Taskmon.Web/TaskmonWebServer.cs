using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Taskmon.Hosting;
using Taskmon.Web.Api;
using Taskmon.Web.Assets;
using Taskmon.Web.Hosting;
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
    /// <param name="loggerFactory">Receives the server's own messages and faults (never thrown into the application), like
    /// <see cref="TaskMonitor.Start"/>'s; none when null.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid: a port out of range, an address that is neither an IP
    /// address nor <c>localhost</c>, a non-loopback address without <see cref="TaskmonWebOptions.AllowRemote"/> and a token. The
    /// message names each key (<c>Taskmon:Web:…</c>).</exception>
    /// <exception cref="InvalidOperationException">The port is already in use (under a host this is only logged).</exception>
    public static TaskmonWebServer Start(TaskMonitor monitor, TaskmonWebOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        options ??= new TaskmonWebOptions();
        TaskmonWebOptionsValidation.ThrowIfInvalid(options);
        var logger = loggerFactory?.CreateLogger<TaskmonWebServer>() ?? (ILogger)NullLogger.Instance;
        ListenerRules.TryParseAddress(options.Address, out var address);
        var endPoint = new IPEndPoint(address, options.Port);
        var loopback = IPAddress.IsLoopback(address);
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
