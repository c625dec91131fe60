using BenchmarkDotNet.Running;
using Taskmon.Benchmarks;

// dotnet run -c Release -- --filter '*'           JIT (plus the NativeAOT job with --aot); see docs/perf/taskmon.md
var (config, rest) = BenchConfig.From(args);
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(rest, config);
