using System.Diagnostics;
using System.Globalization;

namespace Taskmon.Attach.Tests;

/// <summary>
/// The target is never left stopped: taskmon is stopped mid-walk (SIGTERM: it detaches itself; SIGKILL: the kernel
/// detaches it and taskmon's watchdog resumes the target from a SIGSTOP ptrace left pending) while the target is seen in
/// tracing stop, and the target runs on; the watchdog is gone too. A large heap makes the walk last.
/// </summary>
[Trait("tier", "slow")]
public sealed class DetachTests
{
    [Theory]
    [InlineData("SIGTERM", 15, 130)]
    [InlineData("SIGKILL", 9, 137)]
    public async Task Stopping_taskmon_mid_walk_leaves_the_target_running(string name, int signal, int expectedCode)
    {
        await using var target = await TargetApp.StartWithLoadAsync(100_000, 256);
        using var client = StartClient(target);
        Assert.True(await target.WaitForStateAsync('t', TimeSpan.FromSeconds(60)), $"{name}: the target was never seen stopped by taskmon");
        Assert.Equal(0, Kill(client.Id, signal));
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.WaitForExitAsync(exit.Token);
        Assert.Equal(expectedCode, client.ExitCode);

        Assert.True(await target.WaitForStateAsync('S', TimeSpan.FromSeconds(30)) || await target.WaitForStateAsync('R', TimeSpan.FromSeconds(1)),
            $"{name}: the target stayed stopped");
        Assert.Equal("pong", await target.PingAsync());
        Assert.True(await WatchdogGoneAsync(target.Id, TimeSpan.FromSeconds(10)), $"{name}: the watchdog outlived taskmon");
    }

    private static async Task<bool> WatchdogGoneAsync(string pid, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (WatchdogTests.Watchdogs(pid).Length > 0)
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(5);
        }
        return true;
    }

    internal static Process StartClient(TargetApp target) => Process.Start(new ProcessStartInfo("dotnet")
    {
        ArgumentList = { Processes.ClientDll, "--pid", target.Id, "--", "ps" },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    })!;

    internal static int Kill(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
