using System.Diagnostics;

namespace Taskmon.Attach.Tests;

/// <summary>Paths of the built client and target, and running the client as a real process.</summary>
internal static class Processes
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DebugTools.slnx")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public static string Configuration => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string ClientDll => Path.Combine(RepoRoot, "src", "Taskmon.Cli", "bin", Configuration, "net10.0", "taskmon.dll");

    public static string TargetDll => Path.Combine(RepoRoot, "tests", "Taskmon.Attach.TargetApp", "bin", Configuration, "net10.0", "Taskmon.Attach.TargetApp.dll");

    public static string TargetSource => Path.Combine(RepoRoot, "tests", "Taskmon.Attach.TargetApp", "Program.cs");

    /// <summary>Runs <c>taskmon ARGS</c> with <paramref name="input"/> on its stdin; returns exit code, stdout, stderr.</summary>
    public static async Task<(int Code, string Out, string Err)> TaskmonAsync(string input, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ClientDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"taskmon {string.Join(' ', args)} did not exit");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The line of the target's source that carries <c>// await:MARKER</c>.</summary>
    public static int MarkerLine(string marker)
    {
        var lines = File.ReadAllLines(TargetSource);
        var index = Array.FindIndex(lines, l => l.Contains($"// await:{marker}", StringComparison.Ordinal));
        Assert.True(index >= 0, $"marker {marker} not in {TargetSource}");
        return index + 1;
    }
}
