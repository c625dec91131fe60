using Microsoft.Extensions.Logging;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Tracking;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class PersistentTaskTests
{
    [Fact]
    public async Task Persistent_tasks_go_to_their_own_bounded_history_and_their_failures_are_logged()
    {
        var logger = new CapturingLoggerFactory();
        using var monitor = TaskMonitor.Start(new TaskmonOptions { HistoryCapacity = 2, PersistentHistoryCapacity = 3 }, logger);

        await Assert.ThrowsAsync<InvalidOperationException>(() => monitor.Run("loop", ct => MarkedLoopAsync()));
        for (var i = 0; i < 5; i++)
        {
            await monitor.Run("noise", ct => Task.CompletedTask);
        }

        var persistent = monitor.GetTerminated(new TerminatedQuery { PersistentOnly = true }).Items;
        Assert.Equal("loop", Assert.Single(persistent).Name);
        Assert.True(persistent[0].Persistent);
        Assert.Equal(3, monitor.GetTerminated().Items.Count); // 2 from the ring + 1 persistent
        Assert.Contains(logger.Lines, l => l.Contains("Persistent task loop", StringComparison.Ordinal) && l.Contains("loop died", StringComparison.Ordinal));
    }

    [PersistentTask]
    private static async Task MarkedLoopAsync()
    {
        await Task.Yield();
        throw new InvalidOperationException("loop died");
    }

    private sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
    {
        public List<string> Lines { get; } = [];

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
