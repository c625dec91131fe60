using System.Diagnostics;
using System.Globalization;

namespace Taskmon.Attach.Tests;

/// <summary>taskmon --pid on processes it cannot read: a one-line message and the documented exit code.</summary>
[Trait("tier", "system")]
public sealed class ErrorTests
{
    [Fact]
    public async Task A_pid_with_no_process_exits_6()
    {
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await gone.WaitForExitAsync();
        var (code, stdout, stderr) = await Processes.TaskmonAsync(string.Empty, "--pid", gone.Id.ToString(CultureInfo.InvariantCulture), "--", "ps");
        Assert.Equal(6, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"taskmon: no process with pid {gone.Id}\n", stderr);
    }

    [Fact]
    public async Task A_process_without_the_dotnet_runtime_exits_7()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        try
        {
            var (code, _, stderr) = await Processes.TaskmonAsync(string.Empty, "--pid", sleeper.Id.ToString(CultureInfo.InvariantCulture), "--", "ps");
            Assert.Equal(7, code);
            Assert.Equal($"taskmon: process {sleeper.Id} (sleep) does not run the .NET runtime (no libcoreclr.so mapped)\n", stderr);
            Assert.False(sleeper.HasExited);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public async Task A_process_of_another_user_exits_9_naming_the_capability()
    {
        // As root (CI): taskmon runs as nobody against a process of root's. Otherwise: against pid 1, root's.
        string[] args;
        int pid;
        Process? target = null;
        if (Environment.UserName == "root")
        {
            target = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { Processes.TargetDll }, RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false })!;
            Assert.StartsWith("ready", await target.StandardOutput.ReadLineAsync(), StringComparison.Ordinal);
            pid = target.Id;
            args = ["runuser", "-u", "nobody", "--", "dotnet", Processes.ClientDll, "--pid", pid.ToString(CultureInfo.InvariantCulture), "--", "ps"];
        }
        else
        {
            pid = 1;
            args = ["dotnet", Processes.ClientDll, "--pid", "1", "--", "ps"];
        }
        try
        {
            var (code, _, stderr) = await Processes.RunAsync(args);
            Assert.Equal(9, code);
            Assert.StartsWith($"taskmon: not permitted to read process {pid} (", stderr, StringComparison.Ordinal);
            Assert.Contains("CAP_SYS_PTRACE", stderr, StringComparison.Ordinal);
            Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        }
        finally
        {
            target?.Kill();
            target?.Dispose();
        }
    }

    [Fact]
    public async Task A_pid_that_is_not_a_number_is_a_usage_error()
    {
        var (code, _, stderr) = await Processes.TaskmonAsync(string.Empty, "--pid", "12ab", "--", "ps");
        Assert.Equal(2, code);
        Assert.Equal("taskmon: --pid: '12ab' is not a process id\n", stderr);
    }
}
