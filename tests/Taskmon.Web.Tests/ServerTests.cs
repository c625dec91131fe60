using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>The embedded HTTP server: access rules, hostile input, and the dashboard files.</summary>
[Trait("tier", "system")]
public sealed class ServerTests
{
    [Fact]
    public async Task DashboardAssetsAreServedFromTheAssemblyWithETags()
    {
        await using var app = TestApp.Start();
        using var page = await app.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"app.js\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        using var js = await app.Http.GetAsync(new Uri("/app.js", UriKind.Relative));
        Assert.Equal("text/javascript", js.Content.Headers.ContentType?.MediaType);
        var etag = js.Headers.ETag;
        Assert.NotNull(etag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/app.js");
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await app.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        using var missing = await app.Http.GetAsync(new Uri("/secret.txt", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void NonLoopbackWithoutTokenIsRefused()
    {
        using var monitor = TaskMonitor.Start(new Taskmon.Hosting.TaskmonOptions { Terminal = { Enabled = false } });
        var noConsent = Assert.Throws<OptionsValidationException>(() => TaskmonWebServer.Start(monitor, new TaskmonWebOptions { Address = "0.0.0.0", Port = 0, Token = "t" }));
        Assert.Contains("Taskmon:Web:AllowRemote", noConsent.Message, StringComparison.Ordinal);
        var noToken = Assert.Throws<OptionsValidationException>(() => TaskmonWebServer.Start(monitor, new TaskmonWebOptions { Address = "0.0.0.0", Port = 0, AllowRemote = true }));
        Assert.Contains("Taskmon:Web:Token", noToken.Message, StringComparison.Ordinal);
        var hostName = Assert.Throws<OptionsValidationException>(() => TaskmonWebServer.Start(monitor, new TaskmonWebOptions { Address = "localhost-ish", Port = 0 }));
        Assert.Contains("Taskmon:Web:Address 'localhost-ish' is not an IP address or localhost", hostName.Message, StringComparison.Ordinal);
        var port = Assert.Throws<OptionsValidationException>(() => TaskmonWebServer.Start(monitor, new TaskmonWebOptions { Port = 70000 }));
        Assert.Contains("Taskmon:Web:Port must be from 0 to 65535", port.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APortInUseIsAClearError()
    {
        await using var app = TestApp.Start();
        var ex = Assert.Throws<InvalidOperationException>(() => TaskmonWebServer.Start(app.Monitor, new TaskmonWebOptions { Port = app.Server.Address.Port }));
        Assert.Contains(app.Server.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithATokenEveryRequestMustPresentIt()
    {
        await using var app = TestApp.Start(new TaskmonWebOptions { Address = "0.0.0.0", AllowRemote = true, Token = "s3cret" });
        JsonApi.AssertError(await app.Http.GetJsonAsync("/api/counts"), HttpStatusCode.Unauthorized, "token");
        JsonApi.AssertError(await app.Http.GetJsonAsync("/api/counts?token=wrong"), HttpStatusCode.Unauthorized, "token");
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetJsonAsync("/api/counts?token=s3cret")).Status);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/counts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = await app.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task LoopbackServerRefusesForeignHostNamesAndCrossOriginChanges()
    {
        await using var app = TestApp.Start();
        var port = app.Server.Address.Port;
        var rebinding = await RawHttp.SendAsync(app.Server.Address, $"GET /api/counts HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 403", rebinding, StringComparison.Ordinal);
        var localhost = await RawHttp.SendAsync(app.Server.Address, $"GET /api/counts HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", localhost, StringComparison.Ordinal);
        var csrf = await RawHttp.SendAsync(app.Server.Address, $"POST /api/tracking?enabled=true HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 403", csrf, StringComparison.Ordinal);
        Assert.Contains("cross-origin", csrf, StringComparison.Ordinal);
        var sameOrigin = await RawHttp.SendAsync(app.Server.Address, $"POST /api/tracking?enabled=false HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", sameOrigin, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", "400")]
    [InlineData("GET /api/counts HTTP/9.9\r\n\r\n", "400")]
    [InlineData("GET relative HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "400")]
    [InlineData("GET / HTTP/1.1\r\nno colon here\r\n\r\n", "400")]
    [InlineData("POST /api/tracking HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999999\r\n\r\n", "413")]
    [InlineData("POST /api/tracking HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n", "411")]
    public async Task MalformedRequestsGetAClearStatusAndTheServerLivesOn(string request, string status)
    {
        await using var app = TestApp.Start();
        var answer = await RawHttp.SendAsync(app.Server.Address, request);
        Assert.StartsWith($"HTTP/1.1 {status}", answer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetJsonAsync("/api/counts")).Status);
    }

    [Fact]
    public async Task OversizedHeadsAndRandomBytesAreBoundedAndHarmless()
    {
        await using var app = TestApp.Start();
        var huge = "GET / HTTP/1.1\r\nX-Big: " + new string('a', 64 * 1024) + "\r\n\r\n";
        var answer = await RawHttp.SendAsync(app.Server.Address, huge);
        Assert.StartsWith("HTTP/1.1 431", answer, StringComparison.Ordinal);

        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var bytes = new byte[random.Next(1, 4096)];
            random.NextBytes(bytes);
            bytes = [.. bytes, .. "\r\n\r\n"u8.ToArray()];
            var reply = await RawHttp.SendAsync(app.Server.Address, bytes);
            Assert.True(reply.Length == 0 || reply.StartsWith("HTTP/1.1 4", StringComparison.Ordinal), reply);
        }
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetJsonAsync("/api/counts")).Status);
    }

    [Fact]
    public async Task KeepAliveServesManyRequestsOnOneConnection()
    {
        await using var app = TestApp.Start();
        var one = $"GET /api/counts HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        var request = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(one, 3)) + "GET /api/version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        var answer = await RawHttp.SendAsync(app.Server.Address, request);
        Assert.Equal(4, answer.Split("HTTP/1.1 200 OK").Length - 1);
    }

    [Fact]
    public async Task ClientsThatConnectAndStaySilentDoNotBlockOthers()
    {
        await using var app = TestApp.Start();
        var silent = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var c = new TcpClient();
                await c.ConnectAsync(app.Server.Address.Host, app.Server.Address.Port);
                silent.Add(c);
            }
            var (status, _) = await app.Http.GetJsonAsync("/api/counts");
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            foreach (var c in silent) c.Dispose();
        }
    }

    [Fact]
    public async Task ConnectionsBeyondTheCapAreTurnedAwayWith503AndServiceResumes()
    {
        await using var app = TestApp.Start();
        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 64; i++)
            {
                var c = new TcpClient();
                await c.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
                held.Add(c);
            }
            // Wait until the server has accepted and counted them all before knocking once more.
            await JsonApi.EventuallyAsync(() => Task.FromResult(app.Server.OpenConnections == held.Count), "the server to accept 64 connections");
            var refused = await RawHttp.SendAsync(app.BaseAddress, "GET /api/counts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 503", refused, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var c in held) c.Dispose();
        }
        await JsonApi.EventuallyAsync(async () => (await app.Http.GetJsonAsync("/api/counts")).Status == HttpStatusCode.OK, "service after the crowd left");
    }
}
