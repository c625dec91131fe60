using Taskmon.Hosting;

namespace Taskmon.Cli.Tests;

/// <summary>
/// The app the client attaches to: this test process, with a monitor whose terminal listens on a
/// free port (the library starts it, as in a real app) and a few named tasks.
/// </summary>
public sealed class TestApp : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();

    public TaskMonitor Monitor { get; private set; } = null!;

    public int Port => Monitor.TerminalPort;

    public Task InitializeAsync()
    {
        Monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, Terminal = { Port = 0 } }); // the three workers alone
        Assert.NotEqual(0, Monitor.TerminalPort);
        for (var i = 1; i <= 3; i++)
        {
            _ = Monitor.Run($"order-worker-{i}", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: _stop.Token);
        }
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        Monitor.Dispose();
    }
}
