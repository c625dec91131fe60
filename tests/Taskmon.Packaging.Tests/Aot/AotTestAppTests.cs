using System.Text.RegularExpressions;
using Shouldly;
using Taskmon.Packaging.Tests.Support;

namespace Taskmon.Packaging.Tests.Aot;

/// <summary>
/// Publishes tests/Taskmon.AotTestApp with Native AOT (dynamic linking: quicker, same compiler and trimmer) and runs it.
/// The publish is reused while the inputs (library, app, shared build files) hash the same, so re-runs are cheap.
/// </summary>
[Trait("tier", "slow")]
[Collection(BuildsCollection.Name)]
public sealed partial class AotTestAppTests
{
    private const string App = "Taskmon.AotTestApp";
    private static readonly string OutDir = Path.Combine(RepoPaths.Artifacts, "aot-test");
    private static readonly string PublishDir = Path.Combine(OutDir, "publish");
    private static readonly string Stamp = Path.Combine(OutDir, "inputs.sha256");
    private static readonly string Log = Path.Combine(OutDir, "publish.log");

    [Fact]
    public async Task TheAotAppPublishesWithoutTrimOrAotWarningsAndPassesEveryCheckUnderNativeAot()
    {
        var publishLog = await PublishAsync();
        TrimOrAotWarning().Matches(publishLog).Select(m => m.Value).ShouldBeEmpty(publishLog);
        publishLog.ShouldContain("Generating native code", customMessage: "ILC did not run, so its warnings were not seen");

        var binary = Path.Combine(PublishDir, App);
        File.Exists(Path.Combine(PublishDir, App + ".dll")).ShouldBeFalse("a native binary, not IL, was expected");
        var run = await Processes.RunAsync(binary, [], PublishDir, TimeSpan.FromSeconds(90));

        run.TimedOut.ShouldBeFalse(run.ToString());
        run.Output.ShouldNotContain("FAIL ", customMessage: run.Output);
        run.ExitCode.ShouldBe(0, run.ToString());
        foreach (var check in new[]
                 {
                     "status.native-aot", "run.parent", "where.creation-chain", "cancel-api.cancelled", "cancel.by-task",
                     "cancel.timeout", "cancel.cancelasync", "history.faulted", "where-terminated.exception",
                     "discovery.found", "discovery.where-returns", "discovery.end-seen", "discovery.off-unseen", "discovery.on-again",
                 })
        {
            run.Output.ShouldContain($"PASS {check}\n", customMessage: run.Output);
        }

        Regex.Count(run.Output, "^PASS ", RegexOptions.Multiline).ShouldBeGreaterThanOrEqualTo(30, run.Output);
    }

    private static async Task<string> PublishAsync()
    {
        var inputs = InputsHash.Of("src/Taskmon", "tests/" + App);
        if (File.Exists(Stamp) && File.ReadAllText(Stamp) == inputs && File.Exists(Log) && File.Exists(Path.Combine(PublishDir, App)))
        {
            return File.ReadAllText(Log);
        }

        Directory.CreateDirectory(OutDir);
        File.Delete(Stamp);
        if (Directory.Exists(PublishDir))
        {
            Directory.Delete(PublishDir, recursive: true);
        }

        // Make ILC run again (it is incremental), so its warnings are printed in this log.
        var native = RepoPaths.Of("tests", App, "obj", "Release", "net10.0", "linux-x64", "native");
        if (Directory.Exists(native))
        {
            Directory.Delete(native, recursive: true);
        }

        var result = await Processes.DotnetAsync(RepoPaths.Root, TimeSpan.FromMinutes(8),
            "publish", $"tests/{App}/{App}.csproj", "-r", "linux-x64", "-c", "Release", "-o", PublishDir);
        File.WriteAllText(Log, result.Output);
        result.ExitCode.ShouldBe(0, result.ToString());
        File.WriteAllText(Stamp, inputs);
        return result.Output;
    }

    [GeneratedRegex(@"(warning|error) IL[23]\d{3}")]
    private static partial Regex TrimOrAotWarning();
}
