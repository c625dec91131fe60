using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace Taskmon.Demo;

/// <summary>A producer and three named workers connected by a bounded channel.</summary>
internal sealed class OrderPipeline(TaskMonitor monitor) : BackgroundService
{
    private static int s_backlog;
    private static int s_processed;
    private readonly Channel<int> _orders = Channel.CreateBounded<int>(100);

    public static int Backlog => Volatile.Read(ref s_backlog);

    public static int Processed => Volatile.Read(ref s_processed);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var producer = monitor.Run("order-producer", ProduceAsync, cancellationToken: stoppingToken);
        var workers = Enumerable.Range(1, 3)
            .Select(i => monitor.Run($"order-worker-{i}", ct => ConsumeAsync(i, ct), cancellationToken: stoppingToken))
            .ToList();
        return Task.WhenAll(workers.Append(producer)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ProduceAsync(CancellationToken ct)
    {
        var id = 0;
        while (!ct.IsCancellationRequested)
        {
            await _orders.Writer.WriteAsync(++id, ct);
            Interlocked.Increment(ref s_backlog);
            await Task.Delay(150, ct);
        }
    }

    private async Task ConsumeAsync(int worker, CancellationToken ct)
    {
        await foreach (var order in _orders.Reader.ReadAllAsync(ct))
        {
            Interlocked.Decrement(ref s_backlog);
            await HandleOrderAsync(order, worker, ct);
            Interlocked.Increment(ref s_processed);
        }
    }

    private static async Task HandleOrderAsync(int order, int worker, CancellationToken ct)
    {
        await Task.Delay(100 + (order * 37 % 300), ct);
        await Task.Delay(20 * worker, ct);
    }
}
