using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Taskmon.Hosting;

namespace Taskmon.Cli.Tests;

/// <summary>
/// The real client against a server that sends terminal escape sequences (an old Taskmon that did
/// not clean app strings, or anything listening on the port), and against a large live result.
/// </summary>
[Trait("tier", "system")]
public sealed class HostileServerTests
{
    private const string Hostile = "evil\x1b]0;owned\x07\x1b]52;c;cHduZWQ=\x07\x1b[?1049h\u009b2J\x1b[2J";

    [Fact]
    public async Task One_shot_text_output_shows_controls_instead_of_sending_them_to_the_terminal()
    {
        await using var server = FakeServer.Start("\n@taskmon begin\nname " + Hostile + "\nnext line\n@taskmon status 0\n");
        var (code, stdout, stderr) = await ClientProcess.TaskmonAsync("--port", server.Port, "--", "ps");
        Assert.True(code == 0, stderr);
        Assert.Contains("name evil^[]0;owned^G", stdout, StringComparison.Ordinal);
        Assert.Contains("next line\n", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\x1b', stdout);
        Assert.DoesNotContain('\x07', stdout);
        Assert.DoesNotContain('\u009b', stdout);
    }

    [Fact]
    public async Task An_interactive_session_passes_the_editors_cursor_moves_and_drops_everything_else()
    {
        await using var server = FakeServer.Start("hello " + Hostile + " \x1b[K\x1b[3D\x1b[31mok\r\n");
        var (code, stdout, stderr) = await ClientProcess.TaskmonAsync("--port", server.Port);
        Assert.True(code == 0, stderr);
        // Titles, clipboard writes, the C1 CSI and colours are gone; the editor's own moves and erases
        // (K, D, and 2J for Ctrl-L) pass, and so does the alternate screen (top draws there), which the
        // client leaves again when the session ends.
        Assert.Equal("hello evil\x1b[?1049h2J\x1b[2J \x1b[K\x1b[3Dok\r\n\x1b[?1049l", stdout.Replace("\r\n\r\n", "\r\n", StringComparison.Ordinal).TrimEnd('\r', '\n'));
    }

    [Fact]
    public async Task Json_ps_of_ten_thousand_live_tasks_arrives_whole()
    {
        using var stop = new CancellationTokenSource();
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Terminal = { Port = 0 } });
        for (var i = 0; i < 10_000; i++)
        {
            _ = monitor.Run("bulk-" + i.ToString(CultureInfo.InvariantCulture), ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: stop.Token);
        }
        var port = monitor.TerminalPort.ToString(CultureInfo.InvariantCulture);
        var (code, stdout, stderr) = await ClientProcess.TaskmonAsync("--port", port, "--json", "--", "ps", "-n", "10000", "-f", "bulk-");
        await stop.CancelAsync();
        Assert.True(code == 0, stderr + stdout[..Math.Min(stdout.Length, 300)]);
        Assert.True(stdout.Length > 4 * 1024 * 1024, $"{stdout.Length} bytes: more than the 4 MiB output bound, so it must stream");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(10_000, json.RootElement.GetProperty("page").GetProperty("items").GetArrayLength());
    }

    /// <summary>A one-connection TCP server that sends a fixed answer and closes.</summary>
    private sealed class FakeServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private Task _serve = Task.CompletedTask;

        public string Port => ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        public static FakeServer Start(string answer)
        {
            var server = new FakeServer();
            server._listener.Start();
            server._serve = server.ServeAsync(Encoding.UTF8.GetBytes(answer));
            return server;
        }

        private async Task ServeAsync(byte[] answer)
        {
            using var socket = await _listener.AcceptSocketAsync();
            await socket.SendAsync(answer, SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
            var sink = new byte[1024];
            using var linger = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                while (await socket.ReceiveAsync(sink, SocketFlags.None, linger.Token) > 0)
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // The client hung up with bytes unread (its input was still open): that is its exit, not a fault.
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _serve.WaitAsync(TimeSpan.FromSeconds(15));
        }
    }
}
