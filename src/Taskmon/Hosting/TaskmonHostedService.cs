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

    public Task StopAsync(CancellationToken cancellationToken)
    {
        monitor.Dispose();
        return Task.CompletedTask;
    }
}
