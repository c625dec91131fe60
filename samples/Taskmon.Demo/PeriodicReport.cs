using Microsoft.Extensions.Hosting;

namespace Taskmon.Demo;

/// <summary>A periodic job: every two seconds a short report task runs to completion.</summary>
internal sealed class PeriodicReport(TaskMonitor monitor) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        var n = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await monitor.Run($"report-{++n}", BuildReportAsync, cancellationToken: stoppingToken);
        }
    }

    private static async Task BuildReportAsync(CancellationToken ct)
    {
        await Task.Delay(50, ct);
        await Task.Yield();
    }
}
