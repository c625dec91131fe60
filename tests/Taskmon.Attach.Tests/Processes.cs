using System.Diagnostics;
using Taskmon.Cli.Tests;

namespace Taskmon.Attach.Tests;

/// <summary>Paths of the built client and target (the repository root as the client tests find it), and running them.</summary>
internal static class Processes
{
    public static string ClientDll => ClientProcess.Dll;

    public static string TargetDll => Path.Combine(ClientProcess.RepoRoot, "tests", "Taskmon.Attach.TargetApp", "bin", ClientProcess.Configuration, "net10.0", "Taskmon.Attach.TargetApp.dll");

    public static string TargetSource => Path.Combine(ClientProcess.RepoRoot, "tests", "Taskmon.Attach.TargetApp", "Program.cs");

    /// <summary>Runs <c>taskmon ARGS</c> (the built client) with <paramref name="input"/> on its stdin.</summary>
    public static Task<(int Code, string Out, string Err)> TaskmonAsync(string input, params string[] args) =>
        RunAsync(["dotnet", ClientDll, .. args], input);

    /// <summary>Runs a command line (program first) with <paramref name="input"/> on its stdin; returns exit code, stdout, stderr.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string[] commandLine, string input = "")
    {
        var info = new ProcessStartInfo(commandLine[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in commandLine.Skip(1))
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
            throw new TimeoutException($"{string.Join(' ', commandLine)} did not exit");
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
