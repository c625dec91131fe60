using System.Net;
using System.Net.Sockets;
using System.Text;
using Taskmon.Web.Http;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>
/// Raw-socket tests for the web port's threat model (docs/web.md "Threat model"): what a browser
/// page elsewhere, a sandboxed frame or a hostile local client can send, and what it must not achieve.
/// </summary>
[Trait("tier", "system")]
public sealed class HardeningTests
{
    private static string Post(int port, string pathAndQuery, string extraHeaders) =>
        $"POST {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extraHeaders}Content-Length: 0\r\nConnection: close\r\n\r\n";

    [Theory]
    [InlineData("Origin: null\r\n", "null")]
    [InlineData("Origin: http://evil.example\r\n", "another site")]
    [InlineData("Origin: http://localhost:{port}\r\n", "another site")]
    [InlineData("Origin: http://127.0.0.1:{other}\r\n", "another site")]
    [InlineData("Origin: https://127.0.0.1:{port}\r\n", "another site")]
    [InlineData("Sec-Fetch-Site: cross-site\r\n", "cross-site")]
    [InlineData("Sec-Fetch-Site: same-site\r\n", "same-site")]
    [InlineData("Origin: http://127.0.0.1:{port}\r\nSec-Fetch-Site: cross-site\r\n", "cross-site")]
    [InlineData("Referer: http://evil.example/attack.html\r\n", "Referer")]
    [InlineData("Referer: http://127.0.0.1:{other}/attack.html\r\n", "Referer")]
    public async Task AStateChangeFromAnythingButTheDashboardsOwnOriginIsRefused(string headers, string reason)
    {
        await using var app = TestApp.Start(configure: o => o.CreationStacks = Taskmon.Hosting.CreationStackMode.PerSite);
        var port = app.BaseAddress.Port;
        var sleeper = app.StartSleeper("victim");
        var id = app.Monitor.GetTasks().Items.Single(i => i.Task.Name == "victim").Task.Id;
        var before = app.Monitor.GetStatus();
        headers = headers.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{other}", (port == 65535 ? port - 1 : port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var tracking = await RawHttp.SendAsync(app.BaseAddress, Post(port, "/api/tracking?enabled=true&stacks=always", headers));
        var cancel = await RawHttp.SendAsync(app.BaseAddress, Post(port, $"/api/tasks/{id}/cancel", headers));

        foreach (var answer in new[] { tracking, cancel })
        {
            Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
            Assert.Contains(reason, answer, StringComparison.Ordinal);
        }
        Assert.Equal(before, app.Monitor.GetStatus());
        Assert.False(sleeper.IsCompleted, "the task was cancelled by a refused request");
    }

    [Theory]
    [InlineData("127.0.0.1", "")]
    [InlineData("127.0.0.1", "Origin: http://127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin\r\nReferer: http://127.0.0.1:{port}/\r\n")]
    [InlineData("127.0.0.1", "Sec-Fetch-Site: none\r\n")]
    [InlineData("localhost", "Origin: http://LOCALHOST:{port}\r\n")]
    public async Task TheDashboardItselfAndNonBrowserClientsMayChangeState(string host, string headers)
    {
        await using var app = TestApp.Start(configure: o => o.CreationStacks = Taskmon.Hosting.CreationStackMode.PerSite);
        var port = app.BaseAddress.Port;
        headers = headers.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var sleeper = app.StartSleeper("victim");
        var id = app.Monitor.GetTasks().Items.Single(i => i.Task.Name == "victim").Task.Id;
        string PostAs(string pathAndQuery) => Post(port, pathAndQuery, headers).Replace("Host: 127.0.0.1", $"Host: {host}", StringComparison.Ordinal);

        var tracking = await RawHttp.SendAsync(app.BaseAddress, PostAs("/api/tracking?stacks=always"));
        Assert.StartsWith("HTTP/1.1 200", tracking, StringComparison.Ordinal);
        Assert.Equal(Taskmon.Hosting.CreationStackMode.Always, app.Monitor.GetStatus().CreationStacks);

        var cancel = await RawHttp.SendAsync(app.BaseAddress, PostAs($"/api/tasks/{id}/cancel"));
        Assert.StartsWith("HTTP/1.1 200", cancel, StringComparison.Ordinal);
        await JsonApi.EventuallyAsync(() => Task.FromResult(sleeper.IsCanceled), "the dashboard's own cancel");
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /app.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /api/counts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /api/counts HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("HEAD /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")]
    public async Task NoAnswerMayBeFramedByAnotherPage(string request)
    {
        await using var app = TestApp.Start();
        var answer = await RawHttp.SendAsync(app.BaseAddress, request);
        var head = answer[..answer.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.Contains("\r\nX-Frame-Options: DENY", head, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Content-Type-Options: nosniff", head, StringComparison.Ordinal);
        var csp = head.Split("\r\n").Where(l => l.StartsWith("Content-Security-Policy:", StringComparison.Ordinal)).ToList();
        Assert.Single(csp);
        Assert.Contains("frame-ancestors 'none'", csp[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Length: 0\r\nContent-Length: 0\r\n", "400")]
    [InlineData("Content-Length: 0\r\nContent-Length: 5\r\n", "400")]
    [InlineData("Content-Length: 0, 5\r\n", "400")]
    [InlineData("Content-Length: +0\r\n", "400")]
    [InlineData("Content-Length: -1\r\n", "400")]
    [InlineData("Content-Length: 0x0\r\n", "400")]
    [InlineData("Content-Length: 1 2\r\n", "400")]
    [InlineData("Content-Length: \r\n", "400")]
    [InlineData("Content-Length : 0\r\n", "400")]
    [InlineData("Content-Length: 0\r\n Content-Length: 5\r\n", "400")]
    [InlineData("Host: evil.example\r\n", "400")]
    [InlineData("Host: 127.0.0.1\r\n", "400")]
    [InlineData("Transfer-Encoding: chunked\r\n", "411")]
    [InlineData("Transfer-Encoding : chunked\r\n", "400")]
    [InlineData("Content-Length: 0\r\nTransfer-Encoding: identity\r\n", "411")]
    [InlineData("X-Note: a\rb\r\n", "400")]
    public async Task AmbiguousFramingOrAddressingIsRefusedAndNothingRuns(string extraHeaders, string status)
    {
        await using var app = TestApp.Start(configure: o => o.CreationStacks = Taskmon.Hosting.CreationStackMode.PerSite);
        var request = $"POST /api/tracking?stacks=always HTTP/1.1\r\nHost: 127.0.0.1\r\n{extraHeaders}Connection: close\r\n\r\n";
        var answer = await RawHttp.SendAsync(app.BaseAddress, request);
        Assert.StartsWith($"HTTP/1.1 {status}", answer, StringComparison.Ordinal);
        Assert.Equal(Taskmon.Hosting.CreationStackMode.PerSite, app.Monitor.GetStatus().CreationStacks);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetJsonAsync("/api/counts")).Status);
    }

    [Theory]
    [InlineData("GET /api/counts HTTP/1.1\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /api/counts HTTP/1.1\r\nHost: 127.0.0.1/x\r\nConnection: close\r\n\r\n")]
    [InlineData("get /api/counts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")]
    [InlineData("G(T /api/counts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /api/co\u0001unts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /api/counts HTTP/1.2\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")]
    public async Task MalformedRequestLinesAndHostsAreRefused(string request)
    {
        await using var app = TestApp.Start();
        var answer = await RawHttp.SendAsync(app.BaseAddress, request);
        Assert.Matches("^HTTP/1.1 (400|405) ", answer);
    }

    [Fact]
    public async Task AControlCharacterInThePathCannotForgeALogLine()
    {
        var logged = new List<string>();
        await using var server = HttpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new ThrowingHandler(), (what, _) =>
        {
            lock (logged) logged.Add(what);
        });
        var address = new Uri($"http://127.0.0.1:{server.EndPoint.Port}/");
        var answer = await RawHttp.SendAsync(address,
            "GET /x%0D%0AWarning:%20forged%1B[31m%C2%85\\ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 500", answer, StringComparison.Ordinal);
        string line;
        lock (logged) line = Assert.Single(logged);
        Assert.DoesNotContain(line, char.IsControl);
        Assert.Equal(@"GET /x\r\nWarning: forged\x1b[31m\u0085\\ failed", line);
    }

    [Fact]
    public async Task AnEventStreamHeadThatCannotBeSentTimesOut()
    {
        var handler = new StreamingHandler();
        await using var server = HttpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), handler, (_, _) => { }, TimeSpan.FromMilliseconds(300));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(IPAddress.Loopback, server.EndPoint.Port);
        // Ask and never read: the head (larger than every socket buffer) cannot be written.
        await client.SendAsync(Encoding.ASCII.GetBytes("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        await handler.Asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await JsonApi.EventuallyAsync(() => Task.FromResult(server.OpenConnections == 0), "the stuck event stream to be dropped", 20_000);
        Assert.False(handler.Streamed, "the stream ran although its head was never sent");
    }

    private sealed class ThrowingHandler : IRequestHandler
    {
        public ValueTask<HttpResponse> HandleAsync(HttpRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("handler fault");
    }

    private sealed class StreamingHandler : IRequestHandler
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Streamed { get; private set; }

        public ValueTask<HttpResponse> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
        {
            var response = new HttpResponse(200, "text/event-stream", ReadOnlyMemory<byte>.Empty)
            {
                Streamer = (_, _) =>
                {
                    Streamed = true;
                    return Task.CompletedTask;
                },
            };
            response.Headers["X-Padding"] = new string('p', 16 * 1024 * 1024);
            Asked.TrySetResult();
            return ValueTask.FromResult(response);
        }
    }
}
