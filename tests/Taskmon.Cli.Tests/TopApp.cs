using Taskmon.Hosting;

namespace Taskmon.Cli.Tests;

/// <summary>
/// The app top watches: discovery on (run-time accounting), a task that keeps its thread busy in short runs, two idle
/// tasks and a persistent one; the terminal on a free port.
/// </summary>
public sealed class TopApp : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();

    public TaskMonitor Monitor { get; private set; } = null!;

    public int Port => Monitor.TerminalPort;

    public Task InitializeAsync()
    {
        Monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Port = 0 } });
        _ = Monitor.Run("spinner", SpinsAsync, cancellationToken: _stop.Token);
        _ = Monitor.Run("idle-a", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: _stop.Token);
        _ = Monitor.Run("idle-b", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: _stop.Token);
        _ = Monitor.Run("service-loop", ct => Task.Delay(Timeout.Infinite, ct), persistent: true, cancellationToken: _stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Monitor.DisposeAsync();
    }

    private static async Task SpinsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(10, cancellationToken);
            var until = Environment.TickCount64 + 5;
            while (Environment.TickCount64 < until)
            {
                Thread.SpinWait(50);
            }
        }
    }
}
