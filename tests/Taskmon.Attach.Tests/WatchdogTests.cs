using System.Diagnostics;
using System.Globalization;

namespace Taskmon.Attach.Tests;

/// <summary>
/// taskmon's detach watchdog (the built client in its hidden mode) against a stopped process: a pipe that closes
/// without a word (taskmon died) resumes it; "detached cleanly" leaves it as it is. Either way the watchdog exits.
/// </summary>
[Trait("tier", "system")]
public sealed class WatchdogTests
{
    [Fact]
    public async Task A_pipe_closed_without_a_word_resumes_the_target()
    {
        using var target = await StartStoppedAsync();
        using var watchdog = StartWatchdog(target.Id);
        watchdog.StandardInput.Close();

        Assert.Equal(0, await ExitCodeAsync(watchdog));
        Assert.True(await TargetApp.WaitForStateAsync(target.Id, 'S', TimeSpan.FromSeconds(30)), "the target stayed stopped");
        target.Kill();
    }

    [Fact]
    public async Task Detached_cleanly_leaves_the_target_alone()
    {
        using var target = await StartStoppedAsync();
        using var watchdog = StartWatchdog(target.Id);
        await watchdog.StandardInput.WriteLineAsync("detached cleanly");
        watchdog.StandardInput.Close();

        Assert.Equal(0, await ExitCodeAsync(watchdog));
        Assert.True(await TargetApp.WaitForStateAsync(target.Id, 'T', TimeSpan.FromSeconds(1)), "the watchdog resumed a target it was told to leave");
        target.Kill();
    }

    /// <summary>The watchdogs taskmon started for <paramref name="pid"/> that still run (none once taskmon is gone).</summary>
    public static int[] Watchdogs(string pid) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(static d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0)
            .Where(p => p > 0 && CommandLine(p).EndsWith($"\0--internal-detach-watchdog\0{pid}\0", StringComparison.Ordinal))];

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>A process stopped as a SIGSTOP left pending by ptrace leaves it (here: sent directly).</summary>
    private static async Task<Process> StartStoppedAsync()
    {
        var target = Process.Start(new ProcessStartInfo("sleep") { ArgumentList = { "600" }, UseShellExecute = false })!;
        Assert.Equal(0, DetachTests.Kill(target.Id, 19));
        Assert.True(await TargetApp.WaitForStateAsync(target.Id, 'T', TimeSpan.FromSeconds(30)), "sleep was never seen stopped");
        return target;
    }

    private static Process StartWatchdog(int pid) => Process.Start(new ProcessStartInfo("dotnet")
    {
        ArgumentList = { Processes.ClientDll, "--internal-detach-watchdog", pid.ToString(CultureInfo.InvariantCulture) },
        RedirectStandardInput = true,
        UseShellExecute = false,
    })!;

    private static async Task<int> ExitCodeAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }
}
