using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Taskmon.Hosting;
using Taskmon.Web.Hosting;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>AddTaskmonWeb in a Generic Host: configured from the Taskmon:Web section, and harmless when it cannot start.</summary>
[Trait("tier", "system")]
public sealed class HostingTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static IHost BuildHost(int port, ListLogger logs)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Taskmon:Web:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Taskmon:Web:RefreshInterval"] = "00:00:00.500",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddTaskmon();
        builder.Services.AddTaskmonWeb();
        return builder.Build();
    }

    [Fact]
    public async Task TheDashboardRunsWithTheHostOnTheConfiguredPort()
    {
        var port = FreePort();
        var logs = new ListLogger();
        using var host = BuildHost(port, logs);
        await host.StartAsync();
        try
        {
            var monitor = host.Services.GetRequiredService<TaskMonitor>();
            var release = new TaskCompletionSource();
            var work = monitor.Run("hosted-worker", _ => release.Task);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await JsonApi.EventuallyAsync(async () =>
                (await http.GetJsonAsync("/api/tasks?filter=hosted-worker")).Body.GetProperty("totalMatching").GetInt32() == 1, "hosted-worker listed");
            Assert.Contains(logs.Lines, l => l.Contains($"listening on http://127.0.0.1:{port}/", StringComparison.Ordinal));
            release.SetResult();
            await work;
        }
        finally
        {
            await host.StopAsync();
        }

        using var after = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => after.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task APortInUseIsLoggedAndTheHostRunsOn()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var logs = new ListLogger();
        using var host = BuildHost(port, logs);
        await host.StartAsync();
        var monitor = host.Services.GetRequiredService<TaskMonitor>();
        Assert.Equal(42, await monitor.Run("still-works", _ => Task.FromResult(42)));
        await host.StopAsync();
        Assert.Contains(logs.Lines, l => l.StartsWith("Error: Taskmon web UI not started", StringComparison.Ordinal) && l.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }
}
