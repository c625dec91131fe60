using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Taskmon.Web.Hosting;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

internal static class WebHost
{
    /// <summary>A host with only <c>AddTaskmonWeb()</c> (no <c>AddTaskmon()</c>), configured from <paramref name="settings"/>.</summary>
    public static IHost Build(Dictionary<string, string?> settings, ListLogger? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Taskmon:Terminal:Enabled"] = "false" });
        builder.Configuration.AddInMemoryCollection(settings);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddTaskmonWeb();
        return builder.Build();
    }
}

/// <summary>Each web options mistake fails start-up with a message naming its key, the terminal's rule; nothing binds.</summary>
[Trait("tier", "fast")]
public sealed class WebOptionsMistakeTests
{
    [Theory]
    [InlineData("Taskmon:Web:Port", "70000", "Taskmon:Web:Port must be from 0 to 65535.")]
    [InlineData("Taskmon:Web:RefreshInterval", "00:00:00.010", "Taskmon:Web:RefreshInterval must be from 00:00:00.0500000 to 01:00:00.")]
    [InlineData("Taskmon:Web:Address", "dashboard.internal", "Taskmon:Web:Address 'dashboard.internal' is not an IP address or localhost")]
    [InlineData("Taskmon:Web:Address", "0.0.0.0", "needs Taskmon:Web:AllowRemote = true and a Taskmon:Web:Token")]
    public async Task A_configuration_mistake_fails_host_start_naming_the_key(string key, string value, string message)
    {
        using var host = WebHost.Build(new() { [key] = value });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_old_name_AllowNonLoopback_is_named_as_unknown_instead_of_being_ignored()
    {
        using var host = WebHost.Build(new() { ["Taskmon:Web:AllowNonLoopback"] = "true" });
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("AllowNonLoopback", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>AddTaskmonWeb alone, on localhost, in a real host: it registers the monitor it needs and serves.</summary>
[Trait("tier", "system")]
public sealed class WebOptionsHostTests
{
    [Fact]
    public async Task AddTaskmonWeb_alone_on_localhost_starts_the_monitor_and_serves()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var logs = new ListLogger();
        using var host = WebHost.Build(new() { ["Taskmon:Web:Address"] = "localhost", ["Taskmon:Web:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, logs);
        await host.StartAsync();
        try
        {
            var monitor = host.Services.GetRequiredService<TaskMonitor>();
            Assert.True(monitor.IsRunning);
            using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}/") };
            var version = await http.GetJsonAsync("/api/version");
            Assert.Equal(HttpStatusCode.OK, version.Status);
            Assert.Equal(Environment.ProcessId, version.Body.GetProperty("processId").GetInt32());
            Assert.Contains(logs.Lines, l => l.Contains($"listening on http://127.0.0.1:{port}/", StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
