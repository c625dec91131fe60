using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Taskmon.Terminal;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Terminal;

/// <summary>
/// The terminal port tried as an attacker would, over real sockets: a web page making the browser
/// post a form to it, idle and token-less sockets, clients that read slowly, a dead output socket.
/// </summary>
[Trait("tier", "system")]
public sealed class TerminalAttackTests
{
    private static TaskmonCommand Counter(StrongBox<int> box) =>
        new("count", "Counts its runs", (_, _) =>
        {
            Interlocked.Increment(ref box.Value);
            return Task.FromResult("counted");
        });

    public static TheoryData<string, bool> BrowserPosts => new()
    {
        // What a browser sends for <form method=post enctype=text/plain action=http://127.0.0.1:20101>.
        { "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\ncount\ncount\ntracking off\n", false },
        // The same from a sandboxed iframe (Origin: null), against a server with a token the page guessed.
        { "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: null\r\nContent-Type: text/plain\r\n\r\ns3cret\ncount\n", true },
        // A body that tries to switch the session to telnet mode after the head (IAC DO ECHO).
        { "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n\u00ff\u00fd\u0001count\r\ncount\r\n", false },
        // A header line first (a request split oddly, or HTTP/2's preface).
        { "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\ncount\n", false },
    };

    [Theory]
    [MemberData(nameof(BrowserPosts))]
    public async Task An_http_request_to_the_terminal_port_is_closed_before_any_line_runs(string request, bool withToken)
    {
        var runs = new StrongBox<int>();
        var logger = new ListLogger();
        await using var terminal = TestTerminal.Start(o =>
        {
            o.AddCommand(Counter(runs));
            if (withToken)
            {
                o.Token = "s3cret";
            }
        }, logger);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, terminal.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));

        var answer = await ReadToEndAsync(stream, TimeSpan.FromSeconds(10));
        Assert.Equal(0, runs.Value);
        Assert.DoesNotContain("counted", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown command", answer, StringComparison.Ordinal);
        Assert.Contains(logger.Messages, m => m.Level == LogLevel.Warning && m.Text.Contains("spoke HTTP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_lines_without_an_http_head_do_run_so_the_attack_test_can_see_a_run()
    {
        var runs = new StrongBox<int>();
        await using var terminal = TestTerminal.Start(o => o.AddCommand(Counter(runs)));
        await using var client = await terminal.PlainAsync();
        await client.SendAsync("count\ncount\n");
        await Wait.UntilAsync(() => runs.Value == 2, "two runs of count");
    }

    [Fact]
    public async Task Without_the_token_a_connection_is_closed_after_the_token_timeout()
    {
        await using var terminal = TestTerminal.Start(o =>
        {
            o.Token = "s3cret";
            o.TokenTimeout = TimeSpan.FromMilliseconds(300);
        });
        await using var silent = await terminal.PlainAsync();
        await silent.WaitForAsync("Token: ");
        await silent.WaitClosedAsync(10_000);
        Assert.Contains("No token within", silent.Text, StringComparison.Ordinal);
        await Wait.UntilAsync(() => terminal.Server.SessionCount == 0, "the session to end");
    }

    [Fact]
    public async Task An_idle_session_is_closed_and_activity_keeps_it_open()
    {
        await using var terminal = TestTerminal.Start(o => o.IdleTimeout = TimeSpan.FromSeconds(4));
        await using var busy = await terminal.PlainAsync();
        await using var idle = await terminal.PlainAsync();
        await idle.WaitForAsync("taskmon >>> ");
        var started = Environment.TickCount64;
        var sent = 0;
        while (!idle.Closed && Environment.TickCount64 - started < 20_000)
        {
            await busy.SendAsync("help\n");
            sent++;
            await Task.Delay(200); // pacing, not synchronization: the busy session's activity, well inside the 4 s timeout (a 2 s one closed it once at load 12)
        }
        Assert.True(idle.Closed, "the idle session was never closed");
        Assert.Contains("Idle for 4 s; closing the session.", idle.Text, StringComparison.Ordinal);
        Assert.False(busy.Closed, $"the busy session was closed after {sent} commands");
    }

    [Fact]
    public async Task A_result_far_larger_than_the_output_bound_streams_to_a_client_that_reads()
    {
        var big = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"line {i:D7} of a large result\n"));
        await using var terminal = TestTerminal.Start(o =>
        {
            o.MaxQueuedOutputBytes = 256 * 1024;
            o.AddCommand(new TaskmonCommand("big", "Lots of output", (_, _) => Task.FromResult(big)));
        });
        Assert.True(big.Length > 20 * 256 * 1024);
        await using var client = await terminal.PlainAsync();
        await client.SendAsync("big\nhelp\n");
        var text = await client.WaitForAsync("Commands:", timeoutMs: 60_000);
        Assert.Contains("line 0199999 of a large result\n", text, StringComparison.Ordinal);
        Assert.Contains(big, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_whose_output_fails_stops_running_commands()
    {
        var runs = new StrongBox<int>();
        var options = new TerminalOptions();
        options.AddCommand(Counter(runs));
        var host = new SessionHost(options, TerminalFactory.CreateCatalog(options, []), () => "x", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await using var stream = new DeadOutputStream("count\n"u8.ToArray());
        var session = new TerminalSession(stream, host);
        await session.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(runs.Value < 50, $"{runs.Value} commands ran after the output socket had failed");
    }

    private static async Task<string> ReadToEndAsync(Stream stream, TimeSpan timeout)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("the server kept the connection open: " + Encoding.UTF8.GetString(received.ToArray()));
        }
        catch (IOException)
        {
            // Reset by the server: closed too.
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>A connection whose reads always bring another line and whose writes always fail.</summary>
    private sealed class DeadOutputStream(byte[] line) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(1, cancellationToken);
            line.CopyTo(buffer);
            return line.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("connection reset"));

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("connection reset");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
