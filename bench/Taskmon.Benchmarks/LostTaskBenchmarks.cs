using BenchmarkDotNet.Attributes;
using Taskmon.Hosting;

namespace Taskmon.Benchmarks;

/// <summary>
/// GC and finalizer cost of the lost-task keyword (finalizable state machine boxes): each invocation creates
/// <see cref="Batch"/> trivial tasks, then collects and waits for finalizers. Results are per task.
/// </summary>
public class LostTaskBenchmarks
{
    public const int Batch = 1000;
    private TaskMonitor? _monitor;

    [GlobalSetup(Target = nameof(DiscoveryThenGc))]
    public void SetupDiscovery() => _monitor = Monitors.Discovery(CreationStackMode.Off, accounting: false);

    [GlobalSetup(Target = nameof(LostTasksThenGc))]
    public void SetupLost() => _monitor = Monitors.Discovery(CreationStackMode.Off, accounting: false, lostTasks: true);

    [GlobalCleanup]
    public void Cleanup() => _monitor?.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "discovery, then GC + finalizers")]
    public Task DiscoveryThenGc() => RunThenCollectAsync();

    [Benchmark(OperationsPerInvoke = Batch, Description = "discovery + lost tasks, then GC + finalizers")]
    public Task LostTasksThenGc() => RunThenCollectAsync();

    private static async Task RunThenCollectAsync()
    {
        for (var i = 0; i < Batch; i++)
        {
            await Work.TrivialAsync();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
