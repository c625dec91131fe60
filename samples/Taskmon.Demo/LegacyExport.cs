using Microsoft.Extensions.Hosting;

namespace Taskmon.Demo;

/// <summary>
/// Sync over async: an export loop whose renderer is a synchronous call (250 ms) made after an await, so it holds a
/// pool thread each time. `top` and the dashboard's Top tab warn about it (a run longer than BlockingThreshold).
/// </summary>
internal sealed class LegacyExport(TaskMonitor monitor) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        monitor.Run("legacy-export", ExportLoopAsync, persistent: true, cancellationToken: stoppingToken);

    private static async Task ExportLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(1500, ct);
            RenderPdf();
        }
    }

    // Stands for a legacy library without an async API.
    private static void RenderPdf() => Thread.Sleep(250);
}
