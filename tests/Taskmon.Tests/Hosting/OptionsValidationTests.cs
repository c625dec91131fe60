using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Taskmon.Hosting;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Hosting;

/// <summary>Each options mistake fails start-up with a message naming its key (no silent clamp); a port taken at run time does not.</summary>
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class OptionsValidationTests
{
    private static IHost BuildHost(Dictionary<string, string?> settings, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddTaskmon();
        return builder.Build();
    }

    [Theory]
    [InlineData("Taskmon:HistoryCapacity", "0", "Taskmon:HistoryCapacity must be from 1 to 10000000.")]
    [InlineData("Taskmon:PersistentHistoryCapacity", "-1", "Taskmon:PersistentHistoryCapacity must be from 1 to 10000000.")]
    [InlineData("Taskmon:MaxLiveTasks", "0", "Taskmon:MaxLiveTasks must be from 1 to 100000000.")]
    [InlineData("Taskmon:StackSampleInterval", "0", "Taskmon:StackSampleInterval must be from 1 to 1000000.")]
    [InlineData("Taskmon:BlockingThreshold", "-00:00:01", "Taskmon:BlockingThreshold must be from 00:00:00.0010000 to 01:00:00.")]
    [InlineData("Taskmon:Terminal:Port", "70000", "Taskmon:Terminal:Port must be from 0 to 65535.")]
    [InlineData("Taskmon:Terminal:MaxSessions", "0", "Taskmon:Terminal:MaxSessions must be from 1 to 10000.")]
    [InlineData("Taskmon:Terminal:IdleTimeout", "00:00:00", "Taskmon:Terminal:IdleTimeout must be from 00:00:01 to 7.00:00:00.")]
    [InlineData("Taskmon:Terminal:Address", "monitor.internal", "Taskmon:Terminal:Address 'monitor.internal' is not an IP address or localhost")]
    [InlineData("Taskmon:Terminal:Address", "0.0.0.0", "needs Taskmon:Terminal:AllowRemote = true and a Taskmon:Terminal:Token")]
    public async Task A_configuration_mistake_fails_host_start_naming_the_key(string key, string value, string message)
    {
        using var host = BuildHost(new() { [key] = value });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_console_app_gets_the_same_message_from_Start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => TaskMonitor.Start(new TaskmonOptions { HistoryCapacity = 0, Terminal = { Address = "0.0.0.0", AllowRemote = true } }));
        Assert.Contains("Taskmon:HistoryCapacity must be from 1 to 10000000.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Taskmon:Terminal:Token", error.Message, StringComparison.Ordinal);
        Assert.Null(TaskMonitor.Current);
    }

    [Fact]
    public async Task Localhost_is_an_address_and_a_terminal_port_taken_at_run_time_is_logged_while_the_app_runs()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var logs = new ListLoggerProvider();
        using var host = BuildHost(new() { ["Taskmon:Terminal:Address"] = "localhost", ["Taskmon:Terminal:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, logs);
        await host.StartAsync();
        var monitor = host.Services.GetRequiredService<TaskMonitor>();
        Assert.True(monitor.IsRunning);
        Assert.Equal(0, monitor.TerminalPort);
        Assert.Equal(42, await monitor.Run("still-works", _ => Task.FromResult(42)));
        Assert.Contains(logs.Logger.Messages, m => m.Level == LogLevel.Error && m.Text.Contains($"cannot listen on 127.0.0.1:{port}", StringComparison.Ordinal));
        await host.StopAsync();
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ListLogger Logger { get; } = new();

        public ILogger CreateLogger(string categoryName) => Logger;

        public void Dispose()
        {
        }
    }
}
