using BenchmarkDotNet.Running;
using Taskmon.Benchmarks;

// dotnet run -c Release -- --filter '*'           JIT (plus the NativeAOT job with --aot); see docs/perf/taskmon.md
// dotnet run -c Release -- --pending-probe       the discovery levels in one process (PendingProbe)
if (args.Contains("--pending-probe"))
{
    await PendingProbe.RunAsync();
    return;
}

var (config, rest) = BenchConfig.From(args);
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(rest, config);
