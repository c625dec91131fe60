using System.Net;
using System.Net.Sockets;
using Taskmon.Serving;

namespace Taskmon.Web.Http;

/// <summary>
/// A small HTTP/1.1 server on a raw socket (the accept loop, one task per connection and the shutdown
/// that waits for them are <see cref="SocketServer"/>'s): keep-alive, bounded request sizes, timeouts for
/// idle and slow clients and a cap on open connections. Every fault stays inside it and goes to
/// <c>onError</c>; nothing reaches the host application.
/// </summary>
internal sealed class HttpServer : SocketServer
{
    public const int MaxConnections = 64;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan DefaultWriteTimeout = TimeSpan.FromSeconds(10);

    private readonly IRequestHandler _handler;
    private readonly Action<string, Exception?> _onError;
    private readonly TimeSpan _writeTimeout;

    private HttpServer(Socket listener, IRequestHandler handler, Action<string, Exception?> onError, TimeSpan writeTimeout)
    {
        _handler = handler;
        _onError = onError;
        _writeTimeout = writeTimeout;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        Listen(listener);
    }

    /// <summary>The address and port really bound (the port is known here when 0 was asked).</summary>
    public IPEndPoint EndPoint { get; }

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

    protected override async Task ServeAsync(Socket client, long connection, int open)
    {
        var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            if (open > MaxConnections)
            {
                await WriteWithTimeoutAsync(HttpResponse.Text(503, "too many connections"), stream, keepAlive: false, headOnly: false).ConfigureAwait(false);
                return;
            }
            var reader = new HttpRequestReader(stream);
            while (!Stopping.IsCancellationRequested)
            {
                HttpRequest? request;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(Stopping))
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
                        await response.Streamer(stream, Stopping).ConfigureAwait(false);
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
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<HttpResponse> HandleSafelyAsync(HttpRequest request)
    {
        try
        {
            return await _handler.HandleAsync(request, Stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !Stopping.IsCancellationRequested)
        {
            _onError($"{request.Method} {LogText.Escape(request.Path)} failed", ex);
            return HttpResponse.Text(500, "internal error in the monitor (see its log); the application is unaffected");
        }
    }

    private async Task WriteWithTimeoutAsync(HttpResponse response, Stream stream, bool keepAlive, bool headOnly)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Stopping);
        timeout.CancelAfter(_writeTimeout);
        await response.WriteAsync(stream, keepAlive, headOnly, timeout.Token).ConfigureAwait(false);
    }

    protected override void OnAcceptFailed(SocketException exception) => _onError("accept failed", exception);

    protected override void OnConnectionFailed(long connection, Exception exception) => _onError("connection failed", exception);
}
