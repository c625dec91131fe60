using Taskmon.Hosting;

namespace Taskmon.Web.Tests.Support;

/// <summary>
/// A small monitored application: a real <see cref="TaskMonitor"/> with real explicit tasks,
/// served by a real <see cref="TaskmonWebServer"/> on a free loopback port.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private TestApp(TaskMonitor monitor, TaskmonWebServer server)
    {
        Monitor = monitor;
        Server = server;
        // A wildcard bind (0.0.0.0) is reached through loopback.
        BaseAddress = server.Address.Host == "0.0.0.0" ? new UriBuilder(server.Address) { Host = "127.0.0.1" }.Uri : server.Address;
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TaskMonitor Monitor { get; }

    public TaskmonWebServer Server { get; }

    /// <summary>Where a client reaches the server.</summary>
    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public CancellationToken Stopping => _stop.Token;

    public static TestApp Start(TaskmonWebOptions? web = null, Action<TaskmonOptions>? configure = null, Microsoft.Extensions.Logging.ILoggerProvider? webLog = null)
    {
        // Explicit tasks only unless a test asks (Pending, the default on JIT, would list the test runner's own pending methods).
        var options = new TaskmonOptions { Discovery = DiscoveryLevel.Off, CreationStacks = CreationStackMode.Always };
        configure?.Invoke(options);
        var monitor = TaskMonitor.Start(options);
        web ??= new TaskmonWebOptions();
        web.Port = 0;
        if (web.RefreshInterval == new TaskmonWebOptions().RefreshInterval)
            web.RefreshInterval = TimeSpan.FromMilliseconds(300);
        return new TestApp(monitor, TaskmonWebServer.Start(monitor, web, webLog is null ? null : new Microsoft.Extensions.Logging.LoggerFactory([webLog])));
    }

    /// <summary>Starts a named explicit task that waits (three awaits deep) until cancelled or the app stops.</summary>
    public Task StartSleeper(string name, bool persistent = false) =>
        Monitor.Run(name, ct => KnownWorkload.OuterLoopAsync(ct), persistent: persistent);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Http.Dispose();
        await Server.DisposeAsync();
        Monitor.Dispose();
        _stop.Dispose();
    }
}
