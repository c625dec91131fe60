using System.Globalization;

namespace Taskmon.Cli.Tests;

/// <summary>The client as a .NET tool: packed, installed from a local folder, run against the app.</summary>
[Trait("tier", "slow")]
public sealed class ToolPackageTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task The_tool_package_installs_from_a_local_folder_and_runs()
    {
        var temp = Directory.CreateTempSubdirectory("taskmon-tool-");
        try
        {
            var packages = Path.Combine(temp.FullName, "packages");
            var project = Path.Combine(ClientProcess.RepoRoot, "src", "Taskmon.Cli", "Taskmon.Cli.csproj");
            var pack = await ClientProcess.RunAsync("dotnet", ["pack", project, "-c", ClientProcess.Configuration, "--no-build", "-o", packages, "-nologo"], 180);
            Assert.True(pack.Code == 0, pack.Out + pack.Err);
            Assert.Single(Directory.GetFiles(packages, "Taskmon.Cli.*.nupkg"));

            // Only the local folder as a source, as on a machine that got the package by hand.
            var config = Path.Combine(temp.FullName, "nuget.config");
            await File.WriteAllTextAsync(config,
                $"<configuration><packageSources><clear /><add key=\"local\" value=\"{packages}\" /></packageSources></configuration>");
            var tools = Path.Combine(temp.FullName, "tools");
            var install = await ClientProcess.RunAsync("dotnet", ["tool", "install", "Taskmon.Cli", "--tool-path", tools, "--configfile", config], 180);
            Assert.True(install.Code == 0, install.Out + install.Err);

            var taskmon = Path.Combine(tools, "taskmon");
            var run = await ClientProcess.RunAsync(taskmon, ["--port", app.Port.ToString(CultureInfo.InvariantCulture), "--", "ps", "-f", "order-worker-1"]);
            Assert.True(run.Code == 0, run.Err);
            Assert.Contains("order-worker-1", run.Out, StringComparison.Ordinal);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
