using System.Net;
using System.Net.Sockets;

namespace Taskmon.Serving;

/// <summary>
/// What the terminal and web servers share: one accept loop on a listening socket (TCP, or any other stream
/// socket), one task per connection on the thread pool, the open connections tracked, and a shutdown that stops
/// accepting, cancels <see cref="Stopping"/> and waits (up to <see cref="ShutdownWait"/>) for every connection to
/// end. A subclass binds the socket (or several), calls <see cref="Listen"/> for each and serves one connection in <see cref="ServeAsync"/>;
/// nothing a connection throws leaves the server.
/// </summary>
internal abstract class SocketServer : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> waits for open connections to end.</summary>
    public static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<long, Task> _connections = [];
    private readonly Lock _gate = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private long _nextConnection;
    private int _disposed;

    /// <summary>Cancelled when the server stops: connections end their reads, writes and streams on it.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    /// <summary>Whether <see cref="Listen"/> was called and the server has not been stopped.</summary>
    public bool IsListening
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Count > 0 && !_stopping.IsCancellationRequested;
            }
        }
    }

    /// <summary>The address the first listener is bound to (the real port when 0 was asked), once listening.</summary>
    public EndPoint? LocalEndPoint
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Count > 0 ? _listeners[0].LocalEndPoint : null;
            }
        }
    }

    /// <summary>Connections open now, those being turned away included.</summary>
    public int OpenConnections
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Takes a bound, listening socket and starts accepting on it; a server may listen on several (TCP and a Unix socket).</summary>
    protected void Listen(Socket listener)
    {
        lock (_gate)
        {
            _listeners.Add(listener);
            _acceptLoops.Add(AcceptLoopAsync(listener));
        }
    }

    /// <summary>
    /// Serves one accepted connection until it ends; <paramref name="open"/> counts the open connections with this
    /// one, so a subclass can turn it away past its cap. The socket is disposed afterwards.
    /// </summary>
    protected abstract Task ServeAsync(Socket client, long connection, int open);

    /// <summary>An accept that failed and was retried (the loop goes on).</summary>
    protected abstract void OnAcceptFailed(SocketException exception);

    /// <summary>A connection that ended with an exception <see cref="ServeAsync"/> did not handle.</summary>
    protected abstract void OnConnectionFailed(long connection, Exception exception);

    private async Task AcceptLoopAsync(Socket listener)
    {
        // Start() returns at once; the loop runs on the pool.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                OnAcceptFailed(e);
                continue;
            }

            if (client.ProtocolType == ProtocolType.Tcp)
            {
                client.NoDelay = true;
            }
            var id = Interlocked.Increment(ref _nextConnection);
            lock (_gate)
            {
                _connections[id] = ServeConnectionAsync(client, id, _connections.Count + 1);
            }
        }
    }

    private async Task ServeConnectionAsync(Socket client, long id, int open)
    {
        // The accept loop goes on at once (and holds the lock while this starts); the connection runs on the pool.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        try
        {
            await ServeAsync(client, id, open).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            OnConnectionFailed(id, e);
        }
        finally
        {
            client.Dispose();
            lock (_gate)
            {
                _connections.Remove(id);
            }
        }
    }

    /// <summary>Stops accepting and cancels <see cref="Stopping"/>, without waiting for connections to end.</summary>
    public void Stop()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        Socket[] listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
        }
        foreach (var listener in listeners)
        {
            listener.Dispose();
        }
        OnStopped();
    }

    /// <summary>Called once the listeners are closed (a Unix socket's file is removed here).</summary>
    protected virtual void OnStopped()
    {
    }

    /// <summary>Stops, then waits for the accept loop and (up to <see cref="ShutdownWait"/>) for every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Stop();
        Task[] loops;
        lock (_gate)
        {
            loops = [.. _acceptLoops];
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
        Task[] open;
        lock (_gate)
        {
            open = [.. _connections.Values];
        }
        try
        {
            await Task.WhenAll(open).WaitAsync(ShutdownWait).ConfigureAwait(false);
            _stopping.Dispose();
        }
        catch (TimeoutException)
        {
            // A connection that ignores Stopping is left to end on its own (it may still read the token).
        }
        GC.SuppressFinalize(this);
    }
}
