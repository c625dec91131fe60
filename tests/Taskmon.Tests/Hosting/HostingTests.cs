using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Hosting;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class HostingTests
{
    [Fact]
    public async Task AddTaskmon_binds_the_Taskmon_section_applies_code_options_and_follows_the_host_lifetime()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Taskmon:HistoryCapacity"] = "3",
            ["Taskmon:Discovery"] = "true",
            ["Taskmon:CreationStacks"] = "Off",
            ["Taskmon:BlockingThreshold"] = "00:00:00.250",
        });
        builder.Services.AddTaskmon(o => o.RecordCompleted = false);
        using var host = builder.Build();
        var monitor = host.Services.GetRequiredService<TaskMonitor>();
        Assert.False(monitor.IsRunning);

        await host.StartAsync();
        Assert.True(monitor.IsRunning);
        Assert.Same(monitor, TaskMonitor.Current);
        var status = monitor.GetStatus();
        Assert.True(status.Discovery);
        Assert.Equal(DiscoveryLevel.Full, status.Level); // "true", from when discovery was a switch
        Assert.Equal(CreationStackMode.Off, status.CreationStacks);

        await monitor.Run("ok", ct => Task.CompletedTask);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => monitor.Run($"fail{i}", ct => Task.FromException(new TimeoutException())));
        }

        var history = monitor.GetTerminated(new TerminatedQuery { Filter = "fail" }).Items;
        Assert.Equal(["fail4", "fail3", "fail2"], history.Select(h => h.Name));
        Assert.Empty(monitor.GetTerminated(new TerminatedQuery { Filter = "ok" }).Items);

        await host.StopAsync();
        Assert.False(monitor.IsRunning);
        Assert.False(monitor.DiscoveryEnabled);
    }

    [Fact]
    public async Task The_meter_reports_created_and_terminated_tasks_by_outcome()
    {
        var measurements = new List<(string Instrument, long Value, string? Tag)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TaskMonitor.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.Length > 0 ? tags[0].Value?.ToString() : null));
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, null));
            }
        });
        listener.Start();

        using var monitor = TaskMonitor.Start();
        await monitor.Run("a", ct => Task.CompletedTask);
        await Assert.ThrowsAsync<InvalidOperationException>(() => monitor.Run("b", ct => Task.FromException(new InvalidOperationException())));
        using var cts = new CancellationTokenSource();
        var c = monitor.Run("c", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c);
        listener.RecordObservableInstruments();

        lock (measurements)
        {
            Assert.Equal(3, measurements.Count(m => m.Instrument == "taskmon.tasks.created"));
            Assert.Equal(["cancelled", "completed", "faulted"], measurements.Where(m => m.Instrument == "taskmon.tasks.terminated").Select(m => m.Tag!).Order());
            Assert.Contains(measurements, m => m.Instrument == "taskmon.cancellations" && m.Tag == "code");
            Assert.Contains(measurements, m => m.Instrument == "taskmon.tasks.live" && m.Value == 0);
        }
    }

    [Fact]
    public async Task Under_a_host_the_meter_comes_from_the_hosts_IMeterFactory()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddMetrics();
        builder.Services.AddTaskmon(o => o.Terminal.Enabled = false);
        using var host = builder.Build();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var scopes = new List<object?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == TaskMonitor.MeterName && instrument.Name == "taskmon.tasks.created")
                {
                    lock (scopes)
                    {
                        scopes.Add(instrument.Meter.Scope);
                    }
                }
            },
        };
        listener.Start();
        await host.StartAsync();
        await host.StopAsync();
        lock (scopes)
        {
            Assert.Contains(factory, scopes);
        }
    }
}
