using Microsoft.Extensions.Hosting;

namespace Taskmon.Demo;

/// <summary>A background loop that dies silently after a few rounds: nobody awaits it.</summary>
internal sealed class CacheRefresher(TaskMonitor monitor) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Fire and forget: the fault is only visible in the termination history.
        _ = monitor.Run("cache-refresher", RefreshLoopAsync, cancellationToken: stoppingToken);
        return Task.CompletedTask;
    }

    private static async Task RefreshLoopAsync(CancellationToken ct)
    {
        for (var round = 1; ; round++)
        {
            await Task.Delay(500, ct);
            await RefreshAsync(round, ct);
        }
    }

    private static async Task RefreshAsync(int round, CancellationToken ct)
    {
        await Task.Delay(20, ct);
        if (round == 4)
        {
            throw new InvalidOperationException($"cache backend returned malformed data in round {round}");
        }
    }
}
