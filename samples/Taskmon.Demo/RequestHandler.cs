using Microsoft.Extensions.Hosting;

namespace Taskmon.Demo;

/// <summary>Handles a request every 400 ms; one in seven waits forever on a reply that never comes.</summary>
internal sealed class RequestHandler(TaskMonitor monitor, HungRequests hung) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var n = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var id = ++n;
            _ = monitor.Run($"request-{id}", ct => HandleAsync(id, ct), cancellationToken: stoppingToken);
            await Task.Delay(400, stoppingToken);
        }
    }

    private async Task HandleAsync(int id, CancellationToken ct)
    {
        var user = await LoadUserAsync(id, ct);
        await Task.Delay(100 + (id % 5 * 40), ct);
        _ = user.Length;
    }

    private async Task<string> LoadUserAsync(int id, CancellationToken ct)
    {
        if (id % 7 == 3)
        {
            // The bug: waiting for a reply from a backend that dropped the request.
            return await hung.NeverAnswered();
        }
        await Task.Delay(30, ct);
        return $"user-{id}";
    }
}
