using Taskmon.Hosting;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Terminal;

/// <summary>With discovery on, the monitor's own server and session loops are discovered too: hidden unless ps --all.</summary>
[Trait("tier", "system")]
[Collection(MonitorCollection.Name)]
public sealed class OwnTasksTests
{
    [Fact]
    public async Task Ps_hides_the_monitors_own_loops_and_ps_all_shows_them()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Port = 0 } });
        await using var client = await TelnetTestClient.ConnectAsync(monitor.TerminalPort, negotiate: true, width: 250);
        await client.WaitForAsync(">>> ");

        // Discovery sees this session's loops as soon as they are created; ps --all lists them once claimed.
        var all = "";
        var deadline = Environment.TickCount64 + 15_000;
        while (!all.Contains("TerminalServer.ServeAsync", StringComparison.Ordinal))
        {
            Assert.True(Environment.TickCount64 < deadline, "ps --all never listed the terminal's own session loop:\n" + all);
            all = await RunAsync(client, "ps --all -n 10000");
        }

        var shown = await RunAsync(client, "ps -n 10000");
        Assert.DoesNotContain("TerminalServer.", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Taskmon.Terminal.", shown, StringComparison.Ordinal);

        Assert.True(monitor.GetCounts().LiveMonitor > 0, "the session loop is counted as the monitor's own");
    }

    internal static async Task<string> RunAsync(TelnetTestClient client, string command)
    {
        var mark = client.Text.Length;
        await client.SendAsync(command + "\r");
        var header = await client.WaitForAsync("(showing", mark);
        var at = mark + header.IndexOf("(showing", StringComparison.Ordinal);
        await client.WaitForAsync(">>> ", at);
        return client.Text[mark..];
    }
}
