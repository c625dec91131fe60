namespace Taskmon.WebApi;

/// <summary>
/// A persistent dispatcher that starts a monitored order every interval; some orders fail, so the
/// metrics and the history have something to show.
/// </summary>
internal sealed class OrderWorker(TaskMonitor monitor, IConfiguration configuration) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Orders:Enabled", true))
        {
            return Task.CompletedTask;
        }

        var interval = configuration.GetValue("Orders:Interval", TimeSpan.FromSeconds(2));
        return monitor.Run("order-dispatcher", ct => DispatchAsync(interval, ct), persistent: true, cancellationToken: stoppingToken);
    }

    private async Task DispatchAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        var number = 0;
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var order = ++number;
            _ = monitor.Run($"order-{order}", ct => ProcessAsync(order, ct), cancellationToken: cancellationToken);
        }
    }

    private static async Task ProcessAsync(int order, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(200 + (order % 7 * 300)), cancellationToken);
        if (order % 5 == 0)
        {
            throw new InvalidOperationException($"order {order}: payment declined");
        }
    }
}
