using System.Diagnostics;
using System.Globalization;

namespace Taskmon.Attach.Tests;

/// <summary>
/// The target: tests/Taskmon.Attach.TargetApp started as its own process (no Taskmon in it), waited for until it
/// prints "ready". It answers "ping" with "pong", which shows it still runs after taskmon read it.
/// </summary>
public sealed class TargetApp : IAsyncLifetime, IAsyncDisposable
{
    private readonly string[] _args;
    private readonly (string Name, string Value)[] _environment;
    private Process? _process;

    /// <summary>The target with only its stuck chains (a class fixture).</summary>
    public TargetApp()
        : this([])
    {
    }

    private TargetApp(string[] args, params (string Name, string Value)[] environment)
    {
        _args = args;
        _environment = environment;
    }

    public int Pid => _process!.Id;

    public string Id => Pid.ToString(CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Processes.TargetDll);
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }
        foreach (var arg in _args)
        {
            info.ArgumentList.Add(arg);
        }
        _process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.Equal($"ready {_process.Id}", line);
    }

    /// <summary>Starts the target with these environment variables (a TMPDIR of the test's own, say).</summary>
    public static async Task<TargetApp> StartAsync(params (string Name, string Value)[] environment)
    {
        var target = new TargetApp([], environment);
        await target.InitializeAsync();
        return target;
    }

    /// <summary>Starts the target with a large heap and many pending chains as well (<c>--load CHAINS HEAP_MB</c>).</summary>
    public static async Task<TargetApp> StartWithLoadAsync(int chains, int heapMb)
    {
        var target = new TargetApp(["--load", chains.ToString(CultureInfo.InvariantCulture), heapMb.ToString(CultureInfo.InvariantCulture)]);
        await target.InitializeAsync();
        return target;
    }

    /// <summary>Waits until the target is seen in <paramref name="state"/> (/proc/PID/status; t: tracing stop, S: sleeping).</summary>
    public Task<bool> WaitForStateAsync(char state, TimeSpan timeout) => WaitForStateAsync(Pid, state, timeout);

    /// <summary>Waits until process <paramref name="pid"/> is seen in <paramref name="state"/> (T: stopped).</summary>
    public static async Task<bool> WaitForStateAsync(int pid, char state, TimeSpan timeout)
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

    /// <summary>Kills the target now (SIGKILL), even while it is stopped by taskmon.</summary>
    public void Kill() => _process!.Kill();

    /// <summary>Sends "ping" and waits for "pong": the target is running, not stopped.</summary>
    public async Task<string?> PingAsync()
    {
        await _process!.StandardInput.WriteLineAsync("ping");
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        do
        {
            // A dump the runtime wrote (taskmon --dump) leaves createdump's progress lines on the app's stdout.
            line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        while (line is not null && line.StartsWith("[createdump]", StringComparison.Ordinal));
        return line;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}
