using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Taskmon.Attach.Tests;

/// <summary>
/// <c>taskmon --pid</c> on a process that runs Taskmon (samples/Taskmon.Demo, started as its own process): the live
/// terminal through the library's Unix socket <c>$TMPDIR/taskmon-PID.sock</c> (mode 0600, removed when the app stops),
/// with commands a snapshot refuses, and marked <c>live</c> by <c>--list</c>; <c>--snapshot</c> forces a snapshot; a
/// socket file nobody listens on, or one another process serves (peer credentials), is not used.
/// Each test has its own TMPDIR, given to the app and to taskmon alike.
/// </summary>
[Trait("tier", "slow")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LiveSocketTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("taskmon-live-test-").FullName;

    private static string DemoDll => Path.Combine(Cli.Tests.ClientProcess.RepoRoot, "samples", "Taskmon.Demo", "bin", Cli.Tests.ClientProcess.Configuration, "net10.0", "Taskmon.Demo.dll");

    [Fact]
    public async Task A_process_running_Taskmon_is_read_live_through_its_owner_only_socket_which_goes_when_it_stops()
    {
        using var demo = StartDemo();
        try
        {
            await ReadLiveAsync(demo);
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill();
            }
        }
    }

    private async Task ReadLiveAsync(Process demo)
    {
        var socket = Path.Combine(_tmp, $"taskmon-{demo.Id.ToString(CultureInfo.InvariantCulture)}.sock");
        Assert.True(await WaitAsync(() => File.Exists(socket), TimeSpan.FromSeconds(60)), $"no {socket}: {Listing()}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));

        // tracking needs the live monitor: a snapshot answers that it cannot.
        var (code, stdout, stderr) = await TaskmonAsync("--pid", Id(demo), "--", "tracking", "status");
        Assert.True(code == 0 && stdout.Contains("Discovery          full", StringComparison.Ordinal), $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains($"process {Id(demo)} runs Taskmon: its live terminal ({socket})", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = await TaskmonAsync("--pid", Id(demo), "--json", "--", "ps");
        Assert.True(code == 0 && stdout.StartsWith("{\"kind\":\"ps\"", StringComparison.Ordinal), $"exit {code}\n{stdout}\n{stderr}");

        (code, stdout, stderr) = await TaskmonAsync("--list", "--json");
        Assert.True(code == 0 && stdout.Contains($"{{\"pid\":{Id(demo)},", StringComparison.Ordinal), $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains($"\"taskmon\":true,\"socket\":\"{socket}\"}}", stdout, StringComparison.Ordinal);
        (code, stdout, _) = await TaskmonAsync("--list");
        Assert.Matches($"(?m)^ *{Id(demo)}  live ", stdout);

        (code, stdout, stderr) = await TaskmonAsync("--pid", Id(demo), "--snapshot", "--", "tracking", "status");
        Assert.True(code == 1 && stdout.Contains("a snapshot cannot do that", StringComparison.Ordinal), $"exit {code}\n{stdout}\n{stderr}");
        Assert.DoesNotContain("live terminal", stderr, StringComparison.Ordinal);

        Assert.Equal(0, DetachTests.Kill(demo.Id, 15));
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await demo.WaitForExitAsync(exit.Token);
        Assert.False(File.Exists(socket), $"the socket outlived the app: {Listing()}");
    }

    [Fact]
    public async Task A_socket_file_nobody_listens_on_is_ignored_and_the_process_is_read_as_a_snapshot()
    {
        await using var target = await TargetApp.StartAsync(("TMPDIR", _tmp));
        var stale = Path.Combine(_tmp, $"taskmon-{target.Id}.sock");
        var elsewhere = Path.Combine(_tmp, "bound-elsewhere");
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // .NET removes the file it bound when the socket closes; a killed process leaves it, as this move does.
            dead.Bind(new UnixDomainSocketEndPoint(elsewhere));
            File.Move(elsewhere, stale);
        }

        var (code, stdout, stderr) = await TaskmonAsync("--pid", target.Id, "--", "ps");
        Assert.True(code == 0 && stdout.Contains("pending async chains", StringComparison.Ordinal), $"exit {code}\n{stdout}\n{stderr}");
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task A_socket_another_process_serves_under_the_targets_name_is_not_trusted()
    {
        await using var target = await TargetApp.StartAsync(("TMPDIR", _tmp));
        // Planted before the app could create it (a shared /tmp): this test process listens there, not the target.
        using var planted = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        planted.Bind(new UnixDomainSocketEndPoint(Path.Combine(_tmp, $"taskmon-{target.Id}.sock")));
        planted.Listen(4);

        var (code, stdout, stderr) = await TaskmonAsync("--pid", target.Id, "--", "ps");
        Assert.True(code == 0 && stdout.Contains("pending async chains", StringComparison.Ordinal), $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains($"is served by process {Environment.ProcessId}, not {target.Id}: ignored", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static string Id(Process process) => process.Id.ToString(CultureInfo.InvariantCulture);

    private Task<(int Code, string Out, string Err)> TaskmonAsync(params string[] args) =>
        Processes.RunAsync(["env", $"TMPDIR={_tmp}", "dotnet", Processes.ClientDll, .. args]);

    private Process StartDemo()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { DemoDll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["TMPDIR"] = _tmp;
        info.Environment["TASKMON_PORT"] = "0";
        info.Environment["TASKMON_WEB_PORT"] = "0";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private string Listing() => string.Join(", ", Directory.EnumerateFileSystemEntries(_tmp).Select(Path.GetFileName));

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }
}
