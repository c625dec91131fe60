using System.Net;
using System.Net.Sockets;
using Taskmon.Serving;

namespace Taskmon.Terminal;

/// <summary>
/// Accepts terminal clients on TCP and on the process's Unix domain socket (<see cref="UnixSocketListener"/>), and runs
/// one <see cref="TerminalSession"/> per connection (the accept loops, connection tracking and shutdown are
/// <see cref="SocketServer"/>'s). Refuses a non-loopback address unless remote access is enabled with a token. Never
/// throws into the host: a failure to listen is logged, and the server serves what it could open.
/// </summary>
internal sealed class TerminalServer(SessionHost host) : SocketServer
{
    private IPEndPoint? _tcp;
    private string? _socketPath;

    /// <summary>The bound TCP port once started (useful with port 0), else 0.</summary>
    public int Port => _tcp?.Port ?? 0;

    /// <summary>The Unix socket's path while it is served, else null.</summary>
    public string? SocketPath => Volatile.Read(ref _socketPath);

    /// <summary>Sessions open now (a client being turned away included).</summary>
    public int SessionCount => OpenConnections;

    /// <summary>Starts listening on TCP and the Unix socket; returns false (and logs why) when neither could or may.</summary>
    public bool Start()
    {
        var tcp = StartTcp();
        var unix = host.Options.UnixSocket && StartUnixSocket();
        return tcp || unix;
    }

    private bool StartTcp()
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

        _tcp = (IPEndPoint)socket.LocalEndPoint!;
        Listen(socket);
        TerminalLog.Listening(host.Logger, address, Port);
        return true;
    }

    private bool StartUnixSocket()
    {
        var path = TerminalSocketPath.For(Environment.ProcessId, host.Options.UnixSocketDirectory);
        if (UnixSocketListener.TryListen(path, host.Logger) is not { } socket)
        {
            return false;
        }
        Volatile.Write(ref _socketPath, path);
        // A process that ends without stopping its monitor (a console app that just returns) removes the file too.
        AppDomain.CurrentDomain.ProcessExit += RemoveSocketFile;
        Listen(socket);
        return true;
    }

    protected override void OnStopped() => RemoveSocketFile(null, EventArgs.Empty);

    private void RemoveSocketFile(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _socketPath, null) is { } path)
        {
            AppDomain.CurrentDomain.ProcessExit -= RemoveSocketFile;
            UnixSocketListener.Release(path);
        }
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
            // The Unix socket is owner-only (mode 0600): whoever connects there is this user or root, who may read the
            // process anyway (ptrace, its diagnostic socket); the token guards TCP, which every local user can reach.
            var session = new TerminalSession(stream, host, askToken: client.AddressFamily != AddressFamily.Unix);
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
