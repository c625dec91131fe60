using System.Diagnostics;
using System.Globalization;

namespace Taskmon.Attach.Tests;

/// <summary>
/// The target: tests/Taskmon.Attach.TargetApp started as its own process (no Taskmon in it), waited for until it
/// prints "ready". It answers "ping" with "pong", which shows it still runs after taskmon read it.
/// </summary>
public sealed class TargetApp : IAsyncLifetime
{
    private Process? _process;

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
        _process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.Equal($"ready {_process.Id}", line);
    }

    /// <summary>Sends "ping" and waits for "pong": the target is running, not stopped.</summary>
    public async Task<string?> PingAsync()
    {
        await _process!.StandardInput.WriteLineAsync("ping");
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _process.StandardOutput.ReadLineAsync(timeout.Token);
    }

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
