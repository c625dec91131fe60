using BenchmarkDotNet.Attributes;
using Taskmon.Hosting;

namespace Taskmon.Benchmarks;

/// <summary>
/// Throughput of a service-like load: <see cref="Concurrency"/> requests in flight at once, each three nested async
/// methods with four suspensions and ~50 µs of CPU; results are per request. Discovery on uses the default options
/// (per-site creation stacks, run-time accounting).
/// </summary>
public class ServiceBenchmarks
{
    public const int Requests = 2000;
    public const int Concurrency = 64;
    private TaskMonitor? _monitor;
    private FloorListener? _floor;

    [GlobalSetup(Target = nameof(DiscoveryOn))]
    public void SetupDiscovery() => _monitor = TaskMonitor.Start(new Hosting.TaskmonOptions { Discovery = DiscoveryLevel.Full });

    [GlobalSetup(Target = nameof(Floor))]
    public void SetupFloor() => _floor = FloorListener.Start(Tracking.Keywords.Operations | Tracking.Keywords.Runs, taskTable: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        _monitor?.Dispose();
        _floor?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests, Description = "service load, monitor off")]
    public Task DiscoveryOff() => ServeAsync();

    [Benchmark(OperationsPerInvoke = Requests, Description = "service load, discovery on")]
    public Task DiscoveryOn() => ServeAsync();

    [Benchmark(OperationsPerInvoke = Requests, Description = "service load, floor: empty listener, 0x28 + task table")]
    public Task Floor() => ServeAsync();

    private static async Task ServeAsync()
    {
        var next = -1;
        var workers = new Task[Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < Requests)
                {
                    await Work.HandleRequestAsync();
                }
            });
        }

        await Task.WhenAll(workers);
    }
}
