using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Taskmon.AspNetCore.Tests.Support;
using Taskmon.Web.Tests.Support;

namespace Taskmon.AspNetCore.Tests;

/// <summary>MapTaskmon in a real ASP.NET Core app over real HTTP: the prefix, the app's own policy, the same-origin rule.</summary>
[Trait("tier", "system")]
public sealed class MountedEndpointTests : IAsyncLifetime
{
    private const string Api = MountedApp.Prefix + "/api";
    private MountedApp _app = null!;

    public async Task InitializeAsync() => _app = await MountedApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_dashboard_its_API_and_its_event_stream_are_served_under_the_prefix()
    {
        _ = _app.StartSleeper("mounted-worker");
        using var http = await _app.ClientAsync("ops");

        using (var bare = await http.GetAsync(MountedApp.Prefix + "?token=kept"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
            Assert.Equal(MountedApp.Prefix + "/?token=kept", bare.Headers.Location?.OriginalString);
        }

        using (var page = await http.GetAsync(MountedApp.Prefix + "/"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("DENY", page.Headers.GetValues("X-Frame-Options"));
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<script src=\"app.js\">", html, StringComparison.Ordinal);
        }

        var script = await http.GetStringAsync(MountedApp.Prefix + "/app.js");
        Assert.Contains("\"api/tasks\"", script, StringComparison.Ordinal);
        Assert.DoesNotContain("\"/api/", script, StringComparison.Ordinal);

        await JsonApi.EventuallyAsync(async () =>
            (await http.GetJsonAsync(Api + "/tasks?filter=mounted-worker")).Body.Items().Any(i => i.GetProperty("task").GetProperty("name").GetString() == "mounted-worker"),
            "mounted-worker listed by the mounted API");
        JsonApi.AssertError(await http.GetJsonAsync(Api + "/tasks?sort=bogus"), HttpStatusCode.BadRequest, "sort");
        JsonApi.AssertError(await http.GetJsonAsync(Api + "/nothing-here"), HttpStatusCode.NotFound, "no API endpoint");

        using var events = await http.GetAsync(Api + "/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(), Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("data: ", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        Assert.Contains("\"counts\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apps_own_policy_refuses_strangers_and_serves_operators()
    {
        var work = _app.StartSleeper("guarded-worker");
        var id = _app.Monitor.GetTasks(new Inspection.TaskQuery { Filter = "guarded-worker" }).Items.Single().Task.Id;

        using var anonymous = await _app.ClientAsync(role: null);
        foreach (var path in new[] { MountedApp.Prefix + "/", MountedApp.Prefix + "/app.js", Api + "/tasks", Api + "/events" })
        {
            using var refused = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var post = await anonymous.PostAsync($"{Api}/tasks/{id}/cancel", content: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        }

        using var guest = await _app.ClientAsync("guest");
        using (var forbidden = await guest.GetAsync(Api + "/tasks"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var post = await guest.PostAsync($"{Api}/tasks/{id}/cancel", content: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        // Positive signal after the refusals: the operator's cancel goes through and ends the task.
        Assert.False(work.IsCompleted, "a refused request cancelled the task");
        using var ops = await _app.ClientAsync("ops");
        var cancelled = await ops.PostJsonAsync($"{Api}/tasks/{id}/cancel");
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work);
    }

    [Fact]
    public async Task Cross_site_posts_are_refused_and_the_own_origin_may_post()
    {
        var work = _app.StartSleeper("csrf-target");
        var id = _app.Monitor.GetTasks(new Inspection.TaskQuery { Filter = "csrf-target" }).Items.Single().Task.Id;
        using var ops = await _app.ClientAsync("ops");
        var own = _app.Address.GetLeftPart(UriPartial.Authority);

        foreach (var (header, value) in new[] { ("Origin", "http://evil.example"), ("Origin", "null"), ("Sec-Fetch-Site", "cross-site"), ("Referer", "http://evil.example/page") })
        {
            var answer = await PostAsync(ops, $"{Api}/tasks/{id}/cancel", (header, value));
            JsonApi.AssertError(answer, HttpStatusCode.Forbidden, "cross-origin");
            JsonApi.AssertError(await PostAsync(ops, Api + "/tracking?enabled=true", (header, value)), HttpStatusCode.Forbidden, "cross-origin");
        }

        Assert.False(work.IsCompleted, "a cross-site POST cancelled the task");
        Assert.False(_app.Monitor.DiscoveryEnabled, "a cross-site POST switched discovery on");
        var accepted = await PostAsync(ops, $"{Api}/tasks/{id}/cancel", ("Origin", own), ("Sec-Fetch-Site", "same-origin"));
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work);
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_the_public_https_origin_may_post_and_links_keep_the_path_base()
    {
        var work = _app.StartSleeper("proxied-target");
        var id = _app.Monitor.GetTasks(new Inspection.TaskQuery { Filter = "proxied-target" }).Items.Single().Task.Id;
        using var ops = await _app.ClientAsync("ops");
        (string, string)[] proxy = [("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "ops.example.com"), ("X-Forwarded-Prefix", "/tenant")];

        using (var request = new HttpRequestMessage(HttpMethod.Get, MountedApp.Prefix))
        {
            foreach (var (name, value) in proxy) request.Headers.Add(name, value);
            using var redirect = await ops.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal("/tenant" + MountedApp.Prefix + "/", redirect.Headers.Location?.OriginalString);
        }

        // The browser's page was https://ops.example.com/tenant/ops/taskmon/: its plain-http twin is another origin.
        JsonApi.AssertError(await PostAsync(ops, $"{Api}/tasks/{id}/cancel", [.. proxy, ("Origin", "http://ops.example.com")]), HttpStatusCode.Forbidden, "cross-origin");
        Assert.False(work.IsCompleted);
        var accepted = await PostAsync(ops, $"{Api}/tasks/{id}/cancel", [.. proxy, ("Origin", "https://ops.example.com"), ("Referer", "https://ops.example.com/tenant/ops/taskmon/")]);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work);
    }

    [Fact]
    public async Task The_returned_builder_takes_the_apps_conventions_such_as_RequireHost()
    {
        await using var hosted = await MountedApp.StartAsync(b => b.RequireHost("ops.internal"));
        using var ops = await hosted.ClientAsync("ops");
        using (var other = await ops.GetAsync(Api + "/version"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, Api + "/version");
        request.Headers.Host = "ops.internal";
        var answer = await JsonApi.ReadAsync(await ops.SendAsync(request));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(Environment.ProcessId, answer.Body.GetProperty("processId").GetInt32());
    }

    private static async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> PostAsync(HttpClient http, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await JsonApi.ReadAsync(await http.SendAsync(request));
    }
}
