using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.NativeAot;

namespace Taskmon.Benchmarks;

/// <summary>
/// Memory diagnoser always; <c>--aot</c> adds a Native AOT job next to the JIT one (EventSourceSupport kept on so
/// discovery works there), <c>--quick</c> makes both jobs short (3 warm-ups, 5 iterations) for a loaded machine.
/// </summary>
internal static class BenchConfig
{
    private static readonly MsBuildArgument[] Relaxed =
    [
        new("/p:TreatWarningsAsErrors=false"),
        new("/p:MSBuildTreatWarningsAsErrors=false"),
        new("/p:NoWarn=CS1591%3BCS1573%3BIDE0005"),
    ];

    public static (IConfig Config, string[] Arguments) From(string[] args)
    {
        var aot = args.Contains("--aot");
        var quick = args.Contains("--quick");
        var rest = args.Where(a => a is not "--aot" and not "--quick").ToArray();

        // BenchmarkDotNet's generated projects sit under the repository and inherit its warnings-as-errors and XML-doc
        // rules, which its generated code does not meet (the library's own cleanliness is checked by its build and tests).
        var baseJob = quick ? Job.Default.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1) : Job.Default;
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithBuildTimeout(TimeSpan.FromMinutes(20)) // the generated projects build slowly on a loaded 2-core machine
            .AddJob(baseJob.WithRuntime(CoreRuntime.Core10_0).WithArguments(Relaxed).WithId("JIT"));
        if (aot)
        {
            // The ILCompiler that matches the running runtime (the one the SDK's own PublishAot uses), from nuget.org.
            var toolchain = NativeAotToolchain.CreateBuilder()
                .UseNuGet(Environment.Version.ToString(3), "https://api.nuget.org/v3/index.json")
                .TargetFrameworkMoniker("net10.0")
                .ToToolchain();
            config = config.AddJob(baseJob.WithRuntime(NativeAotRuntime.Net10_0).WithToolchain(toolchain)
                .WithArguments([
                    new MsBuildArgument("/p:EventSourceSupport=true"),
                    // Its generated project references Microsoft.DotNet.ILCompiler with a version: NU1008 under central versions.
                    new MsBuildArgument("/p:ManagePackageVersionsCentrally=false"),
                    .. Relaxed,
                ]).WithId("NativeAOT"));
        }

        return (config, rest);
    }
}
