using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Taskmon.Web.Tests.Support;

/// <summary>
/// A second local web server on its own port: another origin, serving the pages an attacker would
/// put on the web for the operator's browser to open. Pages are set by the test with <see cref="Serve"/>.
/// </summary>
public sealed class AttackerSite : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public AttackerSite()
    {
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Address { get; }

    /// <summary>Serves <paramref name="html"/> at <paramref name="path"/> (e.g. /attack.html).</summary>
    public Uri Serve(string path, string html)
    {
        _pages[path] = html;
        return new Uri(Address, path);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16 * 1024)
                {
                    var read = await stream.ReadAsync(buffer, timeout.Token);
                    if (read == 0) return;
                    head.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }
                var target = head.ToString().Split(' ') is { Length: > 1 } parts ? parts[1] : "/";
                var path = target.Split('?')[0];
                var found = _pages.TryGetValue(path, out var html);
                var body = Encoding.UTF8.GetBytes(found ? html! : "not found");
                var answer = $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: text/html; charset=utf-8\r\n"
                    + $"Content-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), timeout.Token);
                await stream.WriteAsync(body, timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The browser left: nothing to serve.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
