using System.Net;
using System.Net.Sockets;

namespace Taskmon.Terminal;

/// <summary>
/// Accepts terminal clients on TCP and runs one <see cref="TerminalSession"/> per connection.
/// Refuses a non-loopback address unless remote access is enabled with a token. Never throws
/// into the host: a failure to listen is logged and the server stays stopped.
/// </summary>
internal sealed class TerminalServer : IAsyncDisposable
{
    private readonly SessionHost _host;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, Task> _sessions = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _nextSession;

    public TerminalServer(SessionHost host) => _host = host;

    /// <summary>The bound port once started (useful with port 0), else 0.</summary>
    public int Port { get; private set; }

    public bool IsListening => _listener is not null;

    public int SessionCount
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Starts listening; returns false (and logs why) when it cannot or must not.</summary>
    public bool Start()
    {
        var options = _host.Options;
        if (!Hosting.ListenerRules.TryParseAddress(options.Address, out var address))
        {
            TerminalLog.NotAnAddress(_host.Logger, options.Address);
            return false;
        }
        if (!IPAddress.IsLoopback(address) && (!options.AllowRemote || string.IsNullOrEmpty(options.Token)))
        {
            TerminalLog.RemoteRefused(_host.Logger, address);
            return false;
        }

        try
        {
            var listener = new TcpListener(address, options.Port);
            listener.Start();
            _listener = listener;
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        catch (SocketException e)
        {
            TerminalLog.CannotListen(_host.Logger, address, options.Port, e.Message);
            return false;
        }

        TerminalLog.Listening(_host.Logger, address, Port);
        _acceptLoop = AcceptLoopAsync(_listener);
        return true;
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                TerminalLog.AcceptFailed(_host.Logger, e.Message);
                continue;
            }

            if (SessionCount >= _host.Options.MaxSessions)
            {
                _ = RefuseAsync(socket);
                continue;
            }

            socket.NoDelay = true;
            var id = Interlocked.Increment(ref _nextSession);
            lock (_gate)
            {
                _sessions[id] = ServeAsync(id, socket);
            }
        }
    }

    private async Task ServeAsync(int id, Socket socket)
    {
        // The accept loop goes on at once; the session runs on the pool.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        try
        {
            var stream = new NetworkStream(socket, ownsSocket: true);
            await using (stream.ConfigureAwait(false))
            {
                var session = new TerminalSession(stream, _host);
                await session.RunAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            TerminalLog.ServeFailed(_host.Logger, id, e);
        }
        finally
        {
            socket.Dispose();
            lock (_gate)
            {
                _sessions.Remove(id);
            }
        }
    }

    private static async Task RefuseAsync(Socket socket)
    {
        try
        {
            using (socket)
            {
                var text = "✗ Too many Taskmon sessions; try again later.\r\n"u8.ToArray();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.SendAsync(text, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The refused client is gone already.
        }
    }

    /// <summary>Stops accepting and ends every session, without waiting for them.</summary>
    public void Stop()
    {
        _stop.Cancel();
        try
        {
            _listener?.Stop();
        }
        catch (SocketException)
        {
            // Already stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            _listener?.Stop();
        }
        catch (SocketException)
        {
            // Already stopped.
        }
        await _acceptLoop.ConfigureAwait(false);
        Task[] running;
        lock (_gate)
        {
            running = [.. _sessions.Values];
        }
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _stop.Dispose();
    }
}
