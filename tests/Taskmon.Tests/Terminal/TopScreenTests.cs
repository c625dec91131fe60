using Taskmon.Hosting;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Terminal;

/// <summary><c>top</c> over a real telnet connection: the full-screen view, hostile names, NAWS, and the plain-client fallback.</summary>
[Trait("tier", "system")]
[Collection(MonitorCollection.Name)]
public sealed class TopScreenTests
{
    private const string Hostile = "evil\x1b]0;owned\x07\x1b[2Jname\u202E";

    [Fact]
    public async Task Top_takes_the_screen_cleans_app_names_follows_the_window_size_and_gives_the_screen_back()
    {
        using var stop = new CancellationTokenSource();
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Terminal = { Port = 0 } });
        _ = monitor.Run(Hostile, ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: stop.Token);
        await using var client = await TelnetTestClient.ConnectAsync(monitor.TerminalPort, negotiate: true, width: 100);
        await client.WaitForAsync(">>> ");

        var mark = client.Text.Length;
        await client.SendAsync("top -d 0.2\r");
        var screen = await client.WaitForAsync("evil^[]0;owned^G^[[2J", mark);
        Assert.Contains("\x1b[?1049h\x1b[?25l", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("\x1b]", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", screen, StringComparison.Ordinal);

        // A wider window (NAWS) is used by the next frame: the status line is no longer cut at 100 columns.
        mark = client.Text.Length;
        await client.SendAsync([255, 250, 31, 0, 200, 0, 40, 255, 240]);
        await client.WaitForAsync("space pause, q quit", mark);

        mark = client.Text.Length;
        await client.SendAsync("q");
        var after = await client.WaitForAsync(">>> ", mark);
        Assert.Contains("\x1b[?25h\x1b[?1049l", after, StringComparison.Ordinal);
        await Wait.UntilAsync(() => !monitor.WatchHub.Producing, "the watcher is gone with top");
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Top_in_a_plain_line_session_prints_one_plain_snapshot()
    {
        using var stop = new CancellationTokenSource();
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Terminal = { Port = 0 } });
        _ = monitor.Run("plain-watched", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: stop.Token);
        await using var client = await TelnetTestClient.ConnectAsync(monitor.TerminalPort, negotiate: false);
        await client.SendAsync("top\n");
        var text = await client.WaitForAsync("plain-watched");
        Assert.Contains("taskmon top - ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\x1b", text, StringComparison.Ordinal);
        await stop.CancelAsync();
    }
}
