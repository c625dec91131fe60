using Microsoft.Extensions.Hosting;

namespace Taskmon.Demo;

/// <summary>
/// Tasks cancelled by other tasks and by timeouts: a watchdog cancels a slow import it started;
/// a fetch gives up through CancelAfter.
/// </summary>
internal sealed class ImportJobs(TaskMonitor monitor) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var n = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            n++;
            _ = monitor.Run($"import-watchdog-{n}", ct => WatchImportAsync(n, ct), cancellationToken: stoppingToken);
            var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(600)); // the price feed gets 600 ms
            _ = monitor.Run($"fetch-prices-{n}", FetchPricesAsync, cancellationToken: timeout.Token)
                .ContinueWith(_ => timeout.Dispose(), TaskScheduler.Default);
            await Task.Delay(3000, stoppingToken);
        }
    }

    private async Task WatchImportAsync(int n, CancellationToken ct)
    {
        using var importCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var import = monitor.Run($"slow-import-{n}", ImportAsync, cancellationToken: importCancel.Token);
        await Task.Delay(800, ct);
        await Task.Yield(); // decide on a pool thread, not inside the timer callback that ended the delay
        if (!import.IsCompleted)
        {
            importCancel.Cancel(); // the watchdog task cancels the import
        }
        try
        {
            await import;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task ImportAsync(CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromMinutes(5), ct);
    }

    private static async Task FetchPricesAsync(CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(30), ct); // the feed is down: the timeout cancels this
    }
}
