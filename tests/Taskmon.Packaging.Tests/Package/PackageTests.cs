using System.IO.Compression;
using System.Xml.Linq;
using Shouldly;
using Taskmon.Packaging.Tests.Support;

namespace Taskmon.Packaging.Tests.Package;

/// <summary>
/// Packs src/Taskmon into artifacts/packages/ and adopts it the way a user would: a new app in an empty temp folder,
/// restored from that folder (Taskmon mapped to it alone) plus nuget.org for its dependencies, into a fresh packages
/// folder so nothing comes from an earlier run's cache.
/// </summary>
[Trait("tier", "slow")]
[Collection(BuildsCollection.Name)]
public sealed class PackageTests : IDisposable
{
    private static readonly string PackagesDir = Path.Combine(RepoPaths.Artifacts, "packages");
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("taskmon-package-test-");

    [Fact]
    public async Task AnAppRestoredFromTheLocalPackageSeesItsMonitoredTasks()
    {
        var version = await PackAsync();
        var app = Path.Combine(_temp.FullName, "app");
        var packages = Path.Combine(_temp.FullName, "packages");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(_temp.FullName, "NuGet.config"), NuGetConfig(packages));
        File.WriteAllText(Path.Combine(app, "PackageSmoke.csproj"), ProjectFile(version));
        File.WriteAllText(Path.Combine(app, "Program.cs"), ProgramText);

        var build = await Processes.DotnetAsync(app, TimeSpan.FromMinutes(4), "build", "-c", "Release");
        build.ExitCode.ShouldBe(0, build.ToString());
        var metadata = File.ReadAllText(Path.Combine(packages, "taskmon", version, ".nupkg.metadata"));
        metadata.ShouldContain("artifacts", customMessage: "Taskmon was not restored from artifacts/packages: " + metadata);

        var run = await Processes.DotnetAsync(app, TimeSpan.FromMinutes(1), "bin/Release/net10.0/PackageSmoke.dll");
        run.ExitCode.ShouldBe(0, run.ToString());
        run.Output.ShouldContain("live package-smoke-worker Explicit <Main>$ (", customMessage: run.Output);
        run.Output.ShouldContain("Program.cs:5)", customMessage: run.Output);
        run.Output.ShouldContain("terminated package-smoke-worker Completed", customMessage: run.Output);
    }

    [Fact]
    public async Task ThePackageCarriesReadmeXmlDocsSymbolsAndMetadata()
    {
        var version = await PackAsync();
        using (var nupkg = ZipFile.OpenRead(Path.Combine(PackagesDir, $"Taskmon.{version}.nupkg")))
        {
            var entries = nupkg.Entries.Select(e => e.FullName).ToList();
            entries.ShouldContain("README.md");
            entries.ShouldContain("lib/net10.0/Taskmon.dll");
            entries.ShouldContain("lib/net10.0/Taskmon.xml");
            using var nuspecStream = nupkg.Entries.Single(e => e.FullName == "Taskmon.nuspec").Open();
            var nuspec = XDocument.Load(nuspecStream);
            string? Field(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            Field("id").ShouldBe("Taskmon");
            Field("readme").ShouldBe("README.md");
            Field("license").ShouldBe("MIT");
            Field("description").ShouldNotBeNullOrWhiteSpace();
            Field("tags")!.ShouldContain("async");
            nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")?.Value)
                .ShouldContain("Microsoft.Extensions.Logging.Abstractions");
        }

        using var snupkg = ZipFile.OpenRead(Path.Combine(PackagesDir, $"Taskmon.{version}.snupkg"));
        snupkg.Entries.Select(e => e.FullName).ShouldContain("lib/net10.0/Taskmon.pdb");
    }

    public void Dispose() => _temp.Delete(recursive: true);

    /// <summary>Packs once per test run (the second test reuses it); returns the package version.</summary>
    private static async Task<string> PackAsync()
    {
        await PackOnce.Value;
        var nupkg = Directory.GetFiles(PackagesDir, "Taskmon.*.nupkg").Where(p => !p.EndsWith(".snupkg", StringComparison.Ordinal))
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        return Path.GetFileNameWithoutExtension(nupkg)["Taskmon.".Length..];
    }

    private static readonly Lazy<Task> PackOnce = new(async () =>
    {
        var pack = await Processes.DotnetAsync(RepoPaths.Root, TimeSpan.FromMinutes(4), "pack", "src/Taskmon/Taskmon.csproj", "-c", "Release");
        pack.ExitCode.ShouldBe(0, pack.ToString());
    });

    private static string NuGetConfig(string packages) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config>
            <add key="globalPackagesFolder" value="{packages}" />
          </config>
          <packageSources>
            <clear />
            <add key="local" value="{PackagesDir}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="local">
              <package pattern="Taskmon" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;

    private static string ProjectFile(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Taskmon" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    private const string ProgramText = """
        using Taskmon;

        using var monitor = TaskMonitor.Start();
        var gate = new TaskCompletionSource();
        var work = monitor.Run("package-smoke-worker", async ct => await gate.Task.WaitAsync(ct));
        foreach (var item in monitor.GetTasks().Items)
        {
            Console.WriteLine($"live {item.Task.Name} {item.Task.Origin} {item.Task.Site}");
        }

        gate.SetResult();
        await work;
        foreach (var task in monitor.GetTerminated().Items)
        {
            Console.WriteLine($"terminated {task.Name} {task.Outcome}");
        }
        """;
}
