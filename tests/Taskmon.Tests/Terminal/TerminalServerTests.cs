using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Taskmon.Commands;
using Taskmon.Terminal;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Terminal;

[Trait("tier", "system")]
public sealed class TerminalServerTests
{
    [Fact]
    public async Task Fifty_concurrent_sessions_each_get_their_own_answers()
    {
        await using var terminal = TestTerminal.Start(o => o.AddCommand(new TaskmonCommand("echo", "Echo", (args, _) => Task.FromResult(string.Join(' ', args)))));
        var sessions = Enumerable.Range(0, 50).Select(async i =>
        {
            await using var client = i % 2 == 0 ? await terminal.TelnetAsync() : await terminal.PlainAsync();
            await client.WaitForAsync("taskmon >>> ");
            for (var round = 0; round < 3; round++)
            {
                await client.SendAsync($"echo session-{i}-round-{round}\r\n");
                await client.WaitForAsync($"session-{i}-round-{round}\r\n".Replace("\r\n", i % 2 == 0 ? "\r\n" : "\n", StringComparison.Ordinal));
            }
            Assert.DoesNotContain($"session-{(i + 1) % 50}-", client.Text, StringComparison.Ordinal);
        });
        await Task.WhenAll(sessions);
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_and_blocks_nobody()
    {
        var big = new string('x', 60_000);
        await using var terminal = TestTerminal.Start(o =>
        {
            o.MaxQueuedOutputBytes = 256 * 1024;
            o.StallTimeout = TimeSpan.FromSeconds(1);
            o.AddCommand(new TaskmonCommand("big", "Lots of output", (_, _) => Task.FromResult(big)));
        });

        using var stuck = new TcpClient { ReceiveBufferSize = 1024 };
        await stuck.ConnectAsync(System.Net.IPAddress.Loopback, terminal.Port);
        var stream = stuck.GetStream();
        var request = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("big\n", 400)));
        await stream.WriteAsync(request);

        // Meanwhile another client is served promptly.
        await using var other = await terminal.PlainAsync();
        await other.SendAsync("help\n");
        await other.WaitForAsync("Commands:");

        // The stuck one is dropped once its output made no progress for the stall timeout...
        await Wait.UntilAsync(() => terminal.Server.SessionCount == 1, "the stuck session to be dropped", 30_000);

        // ...so reading now gives what the socket buffers held, then the end: far from all 400 results.
        var buffer = new byte[65536];
        long total = 0;
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30))) > 0)
            {
                total += n;
            }
        }
        catch (IOException)
        {
            // Reset: closed as well.
        }
        Assert.True(total < 400L * 60_000, $"read {total} bytes: the session was not cut off");
        Assert.False(other.Closed);
    }

    [Fact]
    public async Task Clients_that_disconnect_mid_output_leave_the_server_working()
    {
        var big = new string('y', 200_000);
        await using var terminal = TestTerminal.Start(o => o.AddCommand(new TaskmonCommand("big", "Lots of output", (_, _) => Task.FromResult(big))));
        for (var i = 0; i < 20; i++)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(System.Net.IPAddress.Loopback, terminal.Port);
            await tcp.GetStream().WriteAsync("big\nbig\nbig\n"u8.ToArray());
            _ = await tcp.GetStream().ReadAsync(new byte[100]);
            tcp.Client.LingerState = new LingerOption(true, 0); // reset, not a polite close
        }
        await using var client = await terminal.PlainAsync();
        await client.SendAsync("help\n");
        await client.WaitForAsync("Commands:");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (terminal.Server.SessionCount > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(1, terminal.Server.SessionCount);
    }

    [Theory]
    [InlineData("0.0.0.0", false, "secret")]
    [InlineData("0.0.0.0", true, null)]
    [InlineData("0.0.0.0", false, null)]
    public async Task A_non_loopback_address_without_permission_and_token_is_refused_with_a_log_message(string address, bool allowRemote, string? token)
    {
        var logger = new ListLogger();
        var options = new TerminalOptions { Address = address, Port = 0, AllowRemote = allowRemote, Token = token, UnixSocket = false };
        await using var server = TerminalFactory.CreateServer(options, [], () => "x", logger);
        Assert.False(server.Start());
        Assert.False(server.IsListening);
        Assert.Contains(logger.Messages, m => m.Level == LogLevel.Error && m.Text.Contains("non-loopback", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_non_loopback_address_with_permission_and_token_asks_clients_for_the_token()
    {
        var options = new TerminalOptions { Address = "0.0.0.0", Port = 0, AllowRemote = true, Token = "s3cret" };
        await using var server = TerminalFactory.CreateServer(options, [], () => "Taskmon: 0 tasks running", NullLogger.Instance);
        Assert.True(server.Start());

        await using (var wrong = await TelnetTestClient.ConnectAsync(server.Port, negotiate: false))
        {
            await wrong.WaitForAsync("Token: ");
            await wrong.SendAsync("nope\nhelp\n");
            await wrong.WaitForAsync("Invalid token");
            await wrong.WaitClosedAsync();
            Assert.DoesNotContain("Commands:", wrong.Text, StringComparison.Ordinal);
        }

        await using var right = await TelnetTestClient.ConnectAsync(server.Port, negotiate: true);
        await right.WaitForAsync("Token: ");
        await right.SendAsync("s3cret\r");
        await right.WaitForAsync("Taskmon: 0 tasks running");
        Assert.DoesNotContain("s3cret", right.Text, StringComparison.Ordinal); // not echoed
        await right.SendAsync("help\r");
        await right.WaitForAsync("Commands:");
    }

    [Fact]
    public async Task Connections_past_the_session_limit_are_told_and_closed()
    {
        await using var terminal = TestTerminal.Start(o => o.MaxSessions = 2);
        await using var a = await terminal.PlainAsync();
        await using var b = await terminal.PlainAsync();
        await a.WaitForAsync("taskmon >>> ");
        await b.WaitForAsync("taskmon >>> ");
        await using var c = await terminal.PlainAsync();
        await c.WaitForAsync("Too many Taskmon sessions");
        await c.WaitClosedAsync();
    }

    [Fact]
    public async Task A_port_in_use_is_logged_not_thrown()
    {
        await using var first = TestTerminal.Start();
        var logger = new ListLogger();
        await using var second = TerminalFactory.CreateServer(new TerminalOptions { Port = first.Port, UnixSocket = false }, [], () => "x", logger);
        Assert.False(second.Start());
        Assert.Contains(logger.Messages, m => m.Text.Contains("cannot listen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Batch_requests_return_json_and_a_status_line()
    {
        await using var terminal = TestTerminal.Start();
        await using var client = await terminal.PlainAsync();
        await client.SendAsync("@taskmon exec json signal NOPE\n");
        await client.WaitClosedAsync();
        var text = client.Text;
        var body = text[(text.IndexOf("@taskmon begin\n", StringComparison.Ordinal) + 15)..];
        Assert.StartsWith("{\"kind\":\"message\"", body, StringComparison.Ordinal);
        Assert.EndsWith($"@taskmon status {(int)ExitStatus.Failed}\n", body, StringComparison.Ordinal);
    }
}
