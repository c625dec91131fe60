using Microsoft.Extensions.Hosting;

namespace Taskmon.Demo;

/// <summary>A persistent supervisor that lives as long as the app (its record is kept apart).</summary>
internal sealed class Supervisor(TaskMonitor monitor) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        monitor.Run("supervisor", SuperviseAsync, persistent: true, cancellationToken: stoppingToken)
            .ContinueWith(_ => { }, TaskScheduler.Default);

    private static async Task SuperviseAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(ct))
        {
            GC.KeepAlive(OrderPipeline.Backlog);
        }
    }
}
