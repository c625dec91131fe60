using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Taskmon.Hosting;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Diagnostics;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class SelfProtectionTests
{
    [Fact]
    public async Task The_monitor_contains_its_own_faults_and_the_app_sees_only_its_own_outcomes()
    {
        var selfLogLines = 0;
        using var meters = ThrowingMeterListener();
        using var monitor = TaskMonitor.Start(
            new TaskmonOptions
            {
                Discovery = DiscoveryLevel.Full,
                SelfLog = _ =>
                {
                    Interlocked.Increment(ref selfLogLines);
                    throw new InvalidOperationException("self-log sink is broken too");
                },
            },
            new ThrowingLoggerFactory());

        // Explicit tasks: results, faults and cancellations reach the app unchanged.
        Assert.Equal(7, await monitor.Run("value", async ct => { await Task.Yield(); return 7; }, persistent: true));
        var fault = await Assert.ThrowsAsync<ArgumentException>(() => monitor.Run("fault", async ct =>
        {
            await Task.Yield();
            throw new ArgumentException("app fault");
        }, persistent: true));
        Assert.Equal("app fault", fault.Message);
        using var cts = new CancellationTokenSource();
        var cancelled = monitor.Run("cancelled", ct => Task.Delay(Timeout.Infinite, ct), persistent: true, cancellationToken: cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        // Discovered tasks keep working as well.
        Assert.Equal(3, await DiscoveredAddAsync(1, 2));

        Assert.True(selfLogLines > 0, "faults were reported to the self-log");
        Assert.True(monitor.IsRunning);
        Assert.NotNull(monitor.GetCounts());
        Assert.NotNull(monitor.GetTasks());
    }

    [Fact]
    public async Task Work_that_returns_null_or_throws_synchronously_behaves_as_without_the_monitor()
    {
        using var monitor = TaskMonitor.Start();
        await Assert.ThrowsAsync<InvalidOperationException>(() => monitor.Run("null-work", ct => null!));
        await Assert.ThrowsAsync<NotSupportedException>(() => monitor.Run("sync-throw", ct => throw new NotSupportedException()));
        Assert.Equal(0, monitor.GetCounts().Live);
        Assert.Equal(2, monitor.GetCounts().Faulted);
    }

    [Fact]
    public async Task After_dispose_work_still_runs_untracked()
    {
        var monitor = TaskMonitor.Start();
        monitor.Dispose();
        Assert.False(monitor.IsRunning);
        Assert.Null(TaskMonitor.Current);
        Assert.Equal(5, await monitor.Run("late", ct => Task.FromResult(5)));
        Assert.Equal(0, monitor.GetCounts().Created);
    }

    private static async Task<int> DiscoveredAddAsync(int a, int b)
    {
        await Task.Yield();
        return a + b;
    }

    private static MeterListener ThrowingMeterListener()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TaskMonitor.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => throw new InvalidOperationException("metrics sink fault"));
        listener.Start();
        return listener;
    }

    private sealed class ThrowingLoggerFactory : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => new ThrowingLogger();

        public void Dispose()
        {
        }
    }

    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("logger fault");
    }
}
