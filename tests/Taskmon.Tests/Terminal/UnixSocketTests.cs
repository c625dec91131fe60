using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Taskmon.Terminal;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Terminal;

/// <summary>
/// The terminal's Unix domain socket, <c>taskmon-PID.sock</c> (here in a directory of each test's own instead of the
/// temporary directory): owner-only, served like TCP but without the token, removed on stop; a stale file of a dead
/// process is replaced, a live listener's is left alone, and the option turns it off.
/// </summary>
[Trait("tier", "system")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnixSocketTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskmon-sock-test-").FullName;

    private string SocketPath => TerminalSocketPath.For(Environment.ProcessId, _directory);

    [Fact]
    public async Task The_socket_is_owner_only_serves_commands_without_the_tcp_token_and_is_removed_on_stop()
    {
        var server = Create(o => o.Token = "s3cret");
        Assert.True(server.Start());
        try
        {
            Assert.Equal(SocketPath, server.SocketPath);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
            var answer = await ExecAsync(SocketPath, "help");
            Assert.Contains("@taskmon begin\n", answer, StringComparison.Ordinal);
            Assert.Contains("threadpool", answer, StringComparison.Ordinal);
            Assert.EndsWith("@taskmon status 0\n", answer, StringComparison.Ordinal);

            // TCP still asks for it.
            await using var tcp = await TelnetTestClient.ConnectAsync(server.Port, negotiate: false);
            await tcp.SendAsync("@taskmon exec text help\n");
            await tcp.WaitForAsync("@taskmon error token-required");
        }
        finally
        {
            await server.DisposeAsync();
        }
        Assert.False(File.Exists(SocketPath), "the socket file outlived the server");
        Assert.Null(server.SocketPath);
    }

    [Fact]
    public async Task The_path_appears_only_once_the_socket_is_owner_only_and_listening()
    {
        // A client that finds the file at once must never see it with the umask's mode or refusing connections: it is bound
        // and set up under a staging name and renamed to its path, which a directory watch sees as a rename, never a create.
        var events = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var watcher = new FileSystemWatcher(_directory) { IncludeSubdirectories = false };
        watcher.Created += (_, e) => events.Enqueue($"created {e.Name}");
        watcher.Renamed += (_, e) => events.Enqueue($"renamed {e.OldName} -> {e.Name}");
        watcher.EnableRaisingEvents = true;
        var name = Path.GetFileName(SocketPath);

        var server = Create();
        Assert.True(server.Start());
        try
        {
            await Wait.UntilAsync(() => events.Any(e => e.EndsWith($" {name}", StringComparison.Ordinal)), "the socket's name in the directory's events", 30_000);
            Assert.True(events.Any(e => e.EndsWith($" -> {name}", StringComparison.Ordinal)) && !events.Contains($"created {name}"), $"the socket did not appear by a rename alone; events: {string.Join("; ", events)}");
            Assert.Equal([name], Directory.GetFiles(_directory).Select(Path.GetFileName));
        }
        finally
        {
            await server.DisposeAsync();
        }
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task A_stale_socket_file_left_by_a_dead_process_is_replaced()
    {
        // What a killed process leaves: a socket file nobody listens on (.NET removes the file it bound when the socket is
        // closed, so it is bound elsewhere and moved here first).
        var elsewhere = Path.Combine(_directory, "bound-elsewhere");
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new UnixDomainSocketEndPoint(elsewhere));
            dead.Listen(1);
            File.Move(elsewhere, SocketPath);
        }
        Assert.True(File.Exists(SocketPath), "precondition: a stale socket file");

        await using var server = Create();
        Assert.True(server.Start());
        Assert.Equal(SocketPath, server.SocketPath);
        Assert.EndsWith("@taskmon status 0\n", await ExecAsync(SocketPath, "help"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_a_live_process_listens_on_is_left_alone_with_a_log_line()
    {
        using var other = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        other.Bind(new UnixDomainSocketEndPoint(SocketPath));
        other.Listen(1);
        var logger = new ListLogger();
        await using var server = Create(logger: logger);
        Assert.True(server.Start()); // TCP
        Assert.Null(server.SocketPath);
        Assert.Contains(logger.Messages, m => m.Text.Contains("another live process listens there", StringComparison.Ordinal));

        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        using var accepted = await other.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(accepted);
    }

    [Fact]
    public async Task The_option_turns_it_off()
    {
        await using var server = Create(o => o.UnixSocket = false);
        Assert.True(server.Start());
        Assert.Null(server.SocketPath);
        Assert.False(File.Exists(SocketPath));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private TerminalServer Create(Action<TerminalOptions>? configure = null, ListLogger? logger = null)
    {
        var options = new TerminalOptions { Port = 0, UnixSocketDirectory = _directory };
        configure?.Invoke(options);
        return TerminalFactory.CreateServer(options, [new global::Taskmon.Commands.ThreadPoolCommand()], () => "Taskmon: 0 tasks running", (Microsoft.Extensions.Logging.ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>One one-shot request over the Unix socket; everything the server sent until it closed.</summary>
    private static async Task<string> ExecAsync(string path, string command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        await socket.SendAsync(Encoding.UTF8.GetBytes($"@taskmon exec text {command}\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, n);
        }
        var text = Encoding.UTF8.GetString(received.ToArray());
        return text[text.IndexOf("@taskmon", StringComparison.Ordinal)..];
    }
}
