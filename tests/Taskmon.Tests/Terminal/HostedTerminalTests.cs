using System.Globalization;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Terminal;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Terminal;

/// <summary>The terminal as the library starts it with the monitor, used through telnet.</summary>
[Trait("tier", "system")]
public sealed class HostedTerminalTests : IDisposable
{
    private readonly TaskMonitor _monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, Terminal = { Port = 0 } });
    private readonly CancellationTokenSource _stop = new();

    public void Dispose()
    {
        _stop.Cancel();
        _monitor.Dispose();
    }

    private long Start(string name)
    {
        _ = _monitor.Run(name, ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: _stop.Token);
        return _monitor.GetTasks(new TaskQuery { Filter = name }).Items.Single().Task.Id;
    }

    [Fact]
    public async Task The_monitor_starts_the_terminal_and_ps_fits_the_announced_width()
    {
        for (var i = 0; i < 5; i++)
        {
            Start($"a-rather-long-task-name-for-the-table-{i}");
        }
        Assert.NotEqual(0, _monitor.TerminalPort);
        await using var client = await TelnetTestClient.ConnectAsync(_monitor.TerminalPort, negotiate: true, width: 60);
        await client.WaitForAsync(">>> ");
        Assert.Contains($"Taskmon: {_monitor.GetCounts().Live} tasks running", client.Text, StringComparison.Ordinal);
        var mark = client.Text.Length;
        await client.SendAsync("ps\r");
        var output = await client.WaitForAsync("(showing", mark);
        output = await client.WaitForAsync(">>> ", mark + output.IndexOf("(showing", StringComparison.Ordinal));
        var table = output.Split("\r\n").SkipWhile(l => !l.TrimStart().StartsWith("id", StringComparison.Ordinal)).Take(6).ToList();
        Assert.Equal(6, table.Count);
        Assert.All(table, l => Assert.True(l.Length <= 60, $"'{l}' ({l.Length}) is wider than 60"));
    }

    [Fact]
    public async Task Tab_completes_a_live_task_id()
    {
        for (var i = 0; i < 12; i++)
        {
            Start($"filler-{i}");
        }
        var id = Start("tab-target").ToString(CultureInfo.InvariantCulture);
        await using var client = await TelnetTestClient.ConnectAsync(_monitor.TerminalPort, negotiate: true);
        await client.WaitForAsync(">>> ");
        var mark = client.Text.Length;
        // The prefix matches several ids: TAB lists them (the target among them); then one more digit is unique.
        await client.SendAsync($"where {id[..^1]}\t");
        var listed = await client.WaitForAsync($"  {id}", mark);
        Assert.DoesNotContain("filler", listed, StringComparison.Ordinal);
        mark = client.Text.Length;
        await client.SendAsync($"{id[^1]}\t");
        await client.WaitForAsync($"where {id} ", mark);
        await client.SendAsync("\r");
        await client.WaitForAsync("tab-target", mark);
        await client.WaitForAsync("Creation chain", mark);
    }

    [Fact]
    public async Task Disposing_the_monitor_asynchronously_waits_for_a_session_still_running_a_command()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new TaskmonOptions { Terminal = { Port = 0 } };
        options.Terminal.AddCommand(new TaskmonCommand("hold", "Holds its session until the test lets go", async (_, ct) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                await gate.Task; // cleanup that outlasts the cancellation
                finished.SetResult();
            }

            return "";
        }));
        var monitor = TaskMonitor.Start(options);
        await using var client = await TelnetTestClient.ConnectAsync(monitor.TerminalPort, negotiate: false);
        await client.WaitForAsync(">>> ");
        await client.SendAsync("hold\n");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var disposing = monitor.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted, "DisposeAsync returned while a session was still running a command");
        gate.SetResult();
        await disposing.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(finished.Task.IsCompleted);
    }

    [Fact]
    public async Task Disposing_the_monitor_stops_the_terminal()
    {
        var port = _monitor.TerminalPort;
        _monitor.Dispose();
        Assert.Equal(0, _monitor.TerminalPort);
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(async () =>
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
        });
    }
}
