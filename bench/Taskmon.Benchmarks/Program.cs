using BenchmarkDotNet.Running;
using Taskmon.Benchmarks;

// dotnet run -c Release -- --filter '*'           JIT (plus the NativeAOT job with --aot); see docs/perf/taskmon.md
// dotnet run -c Release -- --pending-probe [--rounds N] [--loads-only] [--per-method] [--explicit-only]   the levels and
//                                                 explicit Run in one process (PendingProbe), then --stall-probe
// dotnet run -c Release -- --stall-probe         the claim sweep's stall and ps with 100,000 pending (SweepStallProbe)
// dotnet run -c Release -- --drain-probe [--rounds N]   Full's callback and drain work per method on one thread (DrainProbe)
if (args.Contains("--pending-probe"))
{
    await PendingProbe.RunAsync(args);
    return;
}

if (args.Contains("--drain-probe"))
{
    var at = Array.IndexOf(args, "--rounds");
    DrainProbe.Run(at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 11);
    return;
}

if (args.Contains("--stall-probe"))
{
    await SweepStallProbe.RunAsync();
    return;
}

var (config, rest) = BenchConfig.From(args);
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(rest, config);
