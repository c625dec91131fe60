using System.Net;
using System.Net.Sockets;

namespace Taskmon.Web.Http;

/// <summary>
/// A small HTTP/1.1 server on a raw socket: one accept loop, one task per connection, keep-alive,
/// bounded request sizes, timeouts for idle and slow clients and a cap on open connections. Every
/// fault stays inside it and goes to <c>onError</c>; nothing reaches the host application.
/// </summary>
internal sealed class HttpServer : IAsyncDisposable
{
    public const int MaxConnections = 64;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan DefaultWriteTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly IRequestHandler _handler;
    private readonly Action<string, Exception?> _onError;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _writeTimeout;
    private readonly Task _acceptLoop;
    private int _connections;

    private HttpServer(Socket listener, IRequestHandler handler, Action<string, Exception?> onError, TimeSpan writeTimeout)
    {
        _listener = listener;
        _handler = handler;
        _onError = onError;
        _writeTimeout = writeTimeout;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The address and port really bound (the port is known here when 0 was asked).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Connections open now (served or being turned away).</summary>
    public int OpenConnections => Volatile.Read(ref _connections);

    /// <summary>
    /// Binds and starts listening; throws <see cref="SocketException"/> when the address is taken.
    /// <c>writeTimeout</c> (how long one answer may wait for a client that does not read) is
    /// <see cref="DefaultWriteTimeout"/> unless a test shortens it.
    /// </summary>
    public static HttpServer Start(IPEndPoint endPoint, IRequestHandler handler, Action<string, Exception?> onError, TimeSpan? writeTimeout = null)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new HttpServer(socket, handler, onError, writeTimeout ?? DefaultWriteTimeout);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _onError("accept failed", ex);
                continue;
            }
            client.NoDelay = true;
            _ = ServeConnectionAsync(client);
        }
    }

    private async Task ServeConnectionAsync(Socket client)
    {
        var count = Interlocked.Increment(ref _connections);
        var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            if (count > MaxConnections)
            {
                await WriteWithTimeoutAsync(HttpResponse.Text(503, "too many connections"), stream, keepAlive: false, headOnly: false).ConfigureAwait(false);
                return;
            }
            var reader = new HttpRequestReader(stream);
            while (!_stopping.IsCancellationRequested)
            {
                HttpRequest? request;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
                {
                    idle.CancelAfter(IdleTimeout);
                    try
                    {
                        request = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
                    }
                    catch (HttpProtocolException ex)
                    {
                        await WriteWithTimeoutAsync(HttpResponse.Text(ex.StatusCode, ex.Message), stream, keepAlive: false, headOnly: false).ConfigureAwait(false);
                        return;
                    }
                }
                if (request is null)
                {
                    return;
                }

                var response = await HandleSafelyAsync(request).ConfigureAwait(false);
                var headOnly = request.Method == "HEAD";
                if (response.Streamer is not null)
                {
                    // The head is bounded by the write timeout like any other answer; the stream
                    // bounds its own writes.
                    await WriteWithTimeoutAsync(response, stream, keepAlive: false, headOnly).ConfigureAwait(false);
                    if (!headOnly)
                    {
                        await response.Streamer(stream, _stopping.Token).ConfigureAwait(false);
                    }

                    return;
                }
                await WriteWithTimeoutAsync(response, stream, request.KeepAlive, headOnly).ConfigureAwait(false);
                if (!request.KeepAlive)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client left, timed out or the server is stopping: nothing to report.
        }
        catch (Exception ex)
        {
            _onError("connection failed", ex);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<HttpResponse> HandleSafelyAsync(HttpRequest request)
    {
        try
        {
            return await _handler.HandleAsync(request, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            _onError($"{request.Method} {LogText.Escape(request.Path)} failed", ex);
            return HttpResponse.Text(500, "internal error in the monitor (see its log); the application is unaffected");
        }
    }

    private async Task WriteWithTimeoutAsync(HttpResponse response, Stream stream, bool keepAlive, bool headOnly)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_writeTimeout);
        await response.WriteAsync(stream, keepAlive, headOnly, timeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _onError("accept loop ended with an error", ex);
        }
    }
}
