using System.Diagnostics;
using System.Globalization;

namespace Taskmon.Attach.Tests;

/// <summary>
/// The target is never left stopped: taskmon is stopped mid-walk (SIGTERM: it detaches itself; SIGKILL: the kernel
/// detaches it) while the target is seen in tracing stop, and the target runs on. A large heap makes the walk last.
/// </summary>
[Trait("tier", "slow")]
public sealed class DetachTests
{
    [Theory]
    [InlineData("SIGTERM", 15, 130)]
    [InlineData("SIGKILL", 9, 137)]
    public async Task Stopping_taskmon_mid_walk_leaves_the_target_running(string name, int signal, int expectedCode)
    {
        var target = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Processes.TargetDll, "--load", "100000", "256" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            Assert.Equal($"ready {target.Id}", await target.StandardOutput.ReadLineAsync(ready.Token));

            var client = Process.Start(new ProcessStartInfo("dotnet")
            {
                ArgumentList = { Processes.ClientDll, "--pid", target.Id.ToString(CultureInfo.InvariantCulture), "--", "ps" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            Assert.True(await WaitForStateAsync(target.Id, 't', TimeSpan.FromSeconds(60)), $"{name}: the target was never seen stopped by taskmon");
            Assert.Equal(0, Kill(client.Id, signal));
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await client.WaitForExitAsync(exit.Token);
            Assert.Equal(expectedCode, client.ExitCode);

            Assert.True(await WaitForStateAsync(target.Id, 'S', TimeSpan.FromSeconds(30)) || await WaitForStateAsync(target.Id, 'R', TimeSpan.FromSeconds(1)),
                $"{name}: the target stayed stopped");
            await target.StandardInput.WriteLineAsync("ping");
            await target.StandardInput.FlushAsync();
            using var pong = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.Equal("pong", await target.StandardOutput.ReadLineAsync(pong.Token));
        }
        finally
        {
            target.Kill();
            target.Dispose();
        }
    }

    /// <summary>Polls /proc/PID/status until the process is in <paramref name="state"/> (t: tracing stop).</summary>
    private static async Task<bool> WaitForStateAsync(int pid, char state, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal));
            if (line is not null && line["State:".Length..].TrimStart().StartsWith(state))
            {
                return true;
            }
            await Task.Delay(5);
        }
        return false;
    }

    private static int Kill(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
