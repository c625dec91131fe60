namespace Taskmon.Attach.TargetApp;

/// <summary>A large heap with many pending chains, for bench/attach: CHAINS two-level chains, HEAP_MB of 1 KB arrays.</summary>
internal sealed class Load
{
    private readonly List<byte[]> _ballast = [];
    private readonly List<Task> _chains = [];
    private readonly TaskCompletionSource _never = new();
    private readonly SemaphoreSlim _gate = new(0);

    public static Load Start(int chains, int heapMb)
    {
        var load = new Load();
        for (var i = 0; i < heapMb * 1024; i++)
        {
            load._ballast.Add(new byte[1024 - 24]);
        }
        for (var i = 0; i < chains; i++)
        {
            load._chains.Add((i % 3) switch
            {
                0 => load.RequestAsync(i),
                1 => load.QueueAsync(),
                _ => PollAsync(),
            });
        }
        return load;
    }

    private async Task RequestAsync(int id)
    {
        await HandlerAsync(id);
    }

    private async Task HandlerAsync(int id)
    {
        _ = id;
        await _never.Task;
    }

    private async Task QueueAsync()
    {
        await _gate.WaitAsync();
    }

    private static async Task PollAsync()
    {
        await Task.Delay(TimeSpan.FromHours(1));
    }
}
