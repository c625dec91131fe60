using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Taskmon.Commands;
using Taskmon.Terminal;

namespace Taskmon.Tests.Support;

/// <summary>A real terminal server on a free loopback port (no Unix socket: UnixSocketTests has its own), with the built-in commands.</summary>
internal sealed class TestTerminal : IAsyncDisposable
{
    private TestTerminal(TerminalServer server, TerminalOptions options)
    {
        Server = server;
        Options = options;
    }

    public TerminalServer Server { get; }

    public TerminalOptions Options { get; }

    public int Port => Server.Port;

    public static TestTerminal Start(Action<TerminalOptions>? configure = null, ILogger? logger = null)
    {
        var options = new TerminalOptions { Port = 0, UnixSocket = false };
        configure?.Invoke(options);
        var server = TerminalFactory.CreateServer(options, [new ThreadPoolCommand()], () => "Taskmon: 0 tasks running", logger ?? NullLogger.Instance);
        if (!server.Start())
        {
            throw new InvalidOperationException("server did not start");
        }
        return new TestTerminal(server, options);
    }

    public Task<TelnetTestClient> TelnetAsync(int width = 100) => TelnetTestClient.ConnectAsync(Port, negotiate: true, width);

    public Task<TelnetTestClient> PlainAsync() => TelnetTestClient.ConnectAsync(Port, negotiate: false);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
