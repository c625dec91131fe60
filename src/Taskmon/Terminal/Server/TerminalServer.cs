using System.Net;
using System.Net.Sockets;
using Taskmon.Serving;

namespace Taskmon.Terminal;

/// <summary>
/// Accepts terminal clients on TCP and runs one <see cref="TerminalSession"/> per connection (the accept loop,
/// connection tracking and shutdown are <see cref="SocketServer"/>'s). Refuses a non-loopback address unless
/// remote access is enabled with a token. Never throws into the host: a failure to listen is logged and the
/// server stays stopped.
/// </summary>
internal sealed class TerminalServer(SessionHost host) : SocketServer
{
    /// <summary>The bound port once started (useful with port 0), else 0.</summary>
    public int Port => (LocalEndPoint as IPEndPoint)?.Port ?? 0;

    /// <summary>Sessions open now (a client being turned away included).</summary>
    public int SessionCount => OpenConnections;

    /// <summary>Starts listening; returns false (and logs why) when it cannot or must not.</summary>
    public bool Start()
    {
        var options = host.Options;
        if (!Hosting.ListenerRules.TryParseAddress(options.Address, out var address))
        {
            TerminalLog.NotAnAddress(host.Logger, options.Address);
            return false;
        }
        if (!IPAddress.IsLoopback(address) && (!options.AllowRemote || string.IsNullOrEmpty(options.Token)))
        {
            TerminalLog.RemoteRefused(host.Logger, address);
            return false;
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, options.Port));
            socket.Listen(128);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            TerminalLog.CannotListen(host.Logger, address, options.Port, e.Message);
            return false;
        }

        Listen(socket);
        TerminalLog.Listening(host.Logger, address, Port);
        return true;
    }

    protected override async Task ServeAsync(Socket client, long connection, int open)
    {
        if (open > host.Options.MaxSessions)
        {
            await RefuseAsync(client).ConfigureAwait(false);
            return;
        }

        var stream = new NetworkStream(client, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            var session = new TerminalSession(stream, host);
            await session.RunAsync(Stopping).ConfigureAwait(false);
        }
    }

    private static async Task RefuseAsync(Socket socket)
    {
        try
        {
            var text = "✗ Too many Taskmon sessions; try again later.\r\n"u8.ToArray();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.SendAsync(text, SocketFlags.None, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The refused client is gone already.
        }
    }

    protected override void OnAcceptFailed(SocketException exception) => TerminalLog.AcceptFailed(host.Logger, exception.Message);

    protected override void OnConnectionFailed(long connection, Exception exception) => TerminalLog.ServeFailed(host.Logger, connection, exception);
}
