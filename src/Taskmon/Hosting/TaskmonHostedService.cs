using Microsoft.Extensions.Hosting;

namespace Taskmon.Hosting;

/// <summary>Starts the monitor with the host and stops it with the host; never fails the host.</summary>
internal sealed class TaskmonHostedService(TaskMonitor monitor) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        monitor.Activate();
        return Task.CompletedTask;
    }

    /// <summary>Stops the monitor and waits for its terminal sessions to end (bounded), so none outlives the host.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => monitor.DisposeAsync().AsTask();
}
