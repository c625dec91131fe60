using BenchmarkDotNet.Attributes;
using Taskmon.Hosting;

namespace Taskmon.Benchmarks;

/// <summary>
/// Per-task cost of a trivial <c>async Task</c> (await Task.Yield) under each tracking mode. Each invocation runs
/// <see cref="Batch"/> tasks one after another; results are per task. Every benchmark runs in its own process, so the
/// process-wide event listener of one mode never leaks into another.
/// </summary>
public class PerTaskBenchmarks
{
    public const int Batch = 1000;
    private TaskMonitor? _monitor;
    private FloorListener? _floor;

    [GlobalSetup(Target = nameof(ExplicitRun))]
    public void SetupExplicit() => _monitor = Monitors.Explicit();

    [GlobalSetup(Target = nameof(DiscoveryNoStacks))]
    public void SetupDiscoveryNoStacks() => _monitor = Monitors.Discovery(CreationStackMode.Off, accounting: false);

    [GlobalSetup(Target = nameof(DiscoveryPerSiteStacks))]
    public void SetupDiscoveryPerSite() => _monitor = Monitors.Discovery(CreationStackMode.PerSite, accounting: false);

    [GlobalSetup(Target = nameof(DiscoveryAlwaysStacks))]
    public void SetupDiscoveryAlways() => _monitor = Monitors.Discovery(CreationStackMode.Always, accounting: false);

    [GlobalSetup(Target = nameof(DiscoveryWithAccounting))]
    public void SetupDiscoveryAccounting() => _monitor = Monitors.Discovery(CreationStackMode.Off, accounting: true);

    [GlobalSetup(Target = nameof(DiscoveryDefaults))]
    public void SetupDiscoveryDefaults() => _monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });

    [GlobalSetup(Target = nameof(FloorOperations))]
    public void SetupFloorOperations() => _floor = FloorListener.Start(Tracking.Keywords.Operations, taskTable: true);

    [GlobalSetup(Target = nameof(FloorWithRuns))]
    public void SetupFloorWithRuns() => _floor = FloorListener.Start(Tracking.Keywords.Operations | Tracking.Keywords.Runs, taskTable: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        _monitor?.Dispose();
        _floor?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "monitor off")]
    public async Task MonitorOff()
    {
        for (var i = 0; i < Batch; i++)
        {
            await Work.TrivialAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "explicit Run")]
    public async Task ExplicitRun()
    {
        var monitor = _monitor!;
        for (var i = 0; i < Batch; i++)
        {
            await monitor.Run("bench", static _ => Work.TrivialAsync());
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "discovery, no stacks")]
    public Task DiscoveryNoStacks() => MonitorOff();

    [Benchmark(OperationsPerInvoke = Batch, Description = "discovery, per-site stacks")]
    public Task DiscoveryPerSiteStacks() => MonitorOff();

    [Benchmark(OperationsPerInvoke = Batch, Description = "discovery, always stacks")]
    public Task DiscoveryAlwaysStacks() => MonitorOff();

    [Benchmark(OperationsPerInvoke = Batch, Description = "discovery, no stacks, run-time accounting")]
    public Task DiscoveryWithAccounting() => MonitorOff();

    [Benchmark(OperationsPerInvoke = Batch, Description = "discovery, defaults (per-site + accounting)")]
    public Task DiscoveryDefaults() => MonitorOff();

    [Benchmark(OperationsPerInvoke = Batch, Description = "floor: empty listener, 0x8 + task table")]
    public Task FloorOperations() => MonitorOff();

    [Benchmark(OperationsPerInvoke = Batch, Description = "floor: empty listener, 0x28 + task table")]
    public Task FloorWithRuns() => MonitorOff();
}
