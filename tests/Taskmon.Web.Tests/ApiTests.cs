using System.Net;
using System.Text.Json;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>Every endpoint's success and error answers, over real HTTP to a real in-process server.</summary>
[Trait("tier", "system")]
public sealed class ApiTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Http => _app.Http;

    private async Task<long> StartAndFindAsync(string name, bool persistent = false)
    {
        _ = _app.StartSleeper(name, persistent);
        long id = 0;
        await JsonApi.EventuallyAsync(async () =>
        {
            var (_, page) = await Http.GetJsonAsync($"/api/tasks?filter={name}");
            var match = page.Items().Select(i => i.GetProperty("task")).FirstOrDefault(t => t.GetProperty("name").GetString() == name);
            if (match.ValueKind == JsonValueKind.Undefined) return false;
            id = match.GetProperty("id").GetInt64();
            return true;
        }, $"task {name} in /api/tasks");
        return id;
    }

    [Fact]
    public async Task VersionNamesTheProductRuntimeAndProcess()
    {
        var (status, body) = await Http.GetJsonAsync("/api/version");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Taskmon", body.GetProperty("product").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+$", body.GetProperty("version").GetString());
        Assert.Contains(".NET", body.GetProperty("runtime").GetString(), StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, body.GetProperty("processId").GetInt32());
        Assert.False(body.GetProperty("nativeAot").GetBoolean());
    }

    [Fact]
    public async Task CountsFollowTasksStartingAndEnding()
    {
        var (_, before) = await Http.GetJsonAsync("/api/counts");
        var live0 = before.GetProperty("live").GetInt32();
        var done = new TaskCompletionSource();
        var task = _app.Monitor.Run("counted", _ => done.Task);
        await JsonApi.EventuallyAsync(async () => (await Http.GetJsonAsync("/api/counts")).Body.GetProperty("live").GetInt32() == live0 + 1, "live count + 1");
        done.SetResult();
        await task;
        await JsonApi.EventuallyAsync(async () => (await Http.GetJsonAsync("/api/counts")).Body.GetProperty("live").GetInt32() == live0, "live count back");
        var (_, after) = await Http.GetJsonAsync("/api/counts");
        Assert.True(after.GetProperty("completed").GetInt64() >= 1);
    }

    [Fact]
    public async Task TerminatedTasksComeNewestFirstOrSortedOnRequest()
    {
        foreach (var name in new[] { "ended-b", "ended-c", "ended-a" })
        {
            await _app.Monitor.Run(name, _ => Task.CompletedTask);
        }

        async Task<string[]> Names(string query)
        {
            var (status, page) = await Http.GetJsonAsync("/api/terminated?filter=ended-" + query);
            Assert.Equal(HttpStatusCode.OK, status);
            return [.. page.Items().Select(i => i.GetProperty("name").GetString()!)];
        }

        Assert.Equal(["ended-a", "ended-c", "ended-b"], await Names(""));
        // The core's rule, as in the terminal's pst: desc reverses a sort key; without one the order is newest first.
        Assert.Equal(["ended-a", "ended-c", "ended-b"], await Names("&desc=false"));
        Assert.Equal(["ended-a", "ended-c", "ended-b"], await Names("&desc=true"));
        Assert.Equal(["ended-b", "ended-c", "ended-a"], await Names("&sort=terminated"));
        Assert.Equal(["ended-a", "ended-b", "ended-c"], await Names("&sort=name"));
        Assert.Equal(["ended-c", "ended-b", "ended-a"], await Names("&sort=name&desc=true"));
        Assert.Equal(["ended-b", "ended-c", "ended-a"], await Names("&sort=ended"));
    }

    [Fact]
    public async Task TasksAreFilteredSortedAndPaged()
    {
        for (var i = 0; i < 5; i++) _ = _app.StartSleeper($"pager-{i}");
        _ = _app.StartSleeper("someone-else");
        await JsonApi.EventuallyAsync(async () => (await Http.GetJsonAsync("/api/tasks?filter=pager-")).Body.GetProperty("totalMatching").GetInt32() == 5, "5 pager tasks");

        var (status, page) = await Http.GetJsonAsync("/api/tasks?filter=pager-&sort=name&desc=true&limit=2&offset=1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, page.GetProperty("totalMatching").GetInt32());
        Assert.Equal(1, page.GetProperty("offset").GetInt32());
        Assert.Equal(2, page.GetProperty("limit").GetInt32());
        var names = page.Items().Select(i => i.GetProperty("task").GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["pager-3", "pager-2"], names);

        var first = page.Items().First().GetProperty("task");
        Assert.Equal("Waiting", first.GetProperty("state").GetString());
        Assert.Equal("Explicit", first.GetProperty("origin").GetString());
        Assert.True(first.GetProperty("cancellable").GetBoolean());
        Assert.True(TimeSpan.TryParse(first.GetProperty("age").GetString(), System.Globalization.CultureInfo.InvariantCulture, out var age) && age > TimeSpan.Zero);
    }

    [Fact]
    public async Task PersistentOnlyShowsPersistentTasks()
    {
        await StartAndFindAsync("keeper", persistent: true);
        await StartAndFindAsync("transient");
        var (_, page) = await Http.GetJsonAsync("/api/tasks?persistent=true");
        var names = page.Items().Select(i => i.GetProperty("task").GetProperty("name").GetString()).ToList();
        Assert.Contains("keeper", names);
        Assert.DoesNotContain("transient", names);
    }

    [Theory]
    [InlineData("/api/tasks?limit=0", "limit")]
    [InlineData("/api/tasks?limit=abc", "limit")]
    [InlineData("/api/tasks?limit=10001", "limit")]
    [InlineData("/api/tasks?offset=-1", "offset")]
    [InlineData("/api/tasks?sort=colour", "sort")]
    [InlineData("/api/tasks?persistent=maybe", "persistent")]
    [InlineData("/api/tasks?flter=typo", "unknown parameter 'flter'")]
    [InlineData("/api/terminated?outcome=exploded", "outcome")]
    [InlineData("/api/terminated?limit=-5", "limit")]
    [InlineData("/api/terminated?sort=colour", "sort")]
    [InlineData("/api/tasks/abc/trace", "positive integer")]
    [InlineData("/api/tasks/-3/trace", "positive integer")]
    [InlineData("/api/tasks/99999999999999999999999/trace", "positive integer")]
    [InlineData("/api/version?x=1", "unknown parameter")]
    public async Task BadParametersAreAnswered400WithAJsonError(string path, string mentions)
    {
        JsonApi.AssertError(await Http.GetJsonAsync(path), HttpStatusCode.BadRequest, mentions);
    }

    [Fact]
    public async Task UnknownEndpointsAndWrongMethodsAreJsonErrors()
    {
        JsonApi.AssertError(await Http.GetJsonAsync("/api/nothing-here"), HttpStatusCode.NotFound, "no API endpoint");
        JsonApi.AssertError(await Http.GetJsonAsync("/api/tasks/1/cancel"), HttpStatusCode.MethodNotAllowed, "POST");
        JsonApi.AssertError(await Http.PostJsonAsync("/api/tasks"), HttpStatusCode.MethodNotAllowed, "GET");
    }

    [Fact]
    public async Task LiveTraceShowsCreationChainAndAsyncStack()
    {
        var id = await StartAndFindAsync("traced-worker");
        var (status, trace) = await Http.GetJsonAsync($"/api/tasks/{id}/trace");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, trace.GetProperty("task").GetProperty("id").GetInt64());
        var chain = trace.GetProperty("creationChain").EnumerateArray().ToList();
        Assert.Equal(id, chain[0].GetProperty("id").GetInt64());
        Assert.Equal("traced-worker", chain[0].GetProperty("name").GetString());
        var methods = string.Join("\n", trace.GetProperty("asyncStack").EnumerateArray().Select(f => f.GetProperty("method").GetString()));
        Assert.Contains("InnermostWaitAsync", methods, StringComparison.Ordinal);
        Assert.Contains("MiddleStepAsync", methods, StringComparison.Ordinal);
        Assert.Contains("OuterLoopAsync", methods, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraceOfAnUnknownTaskIs404()
    {
        JsonApi.AssertError(await Http.GetJsonAsync("/api/tasks/987654321/trace"), HttpStatusCode.NotFound, "no live task 987654321");
        JsonApi.AssertError(await Http.GetJsonAsync("/api/terminated/nope/trace"), HttpStatusCode.NotFound, "nope");
    }

    [Fact]
    public async Task CancelEndsTheTaskAndItsTerminationTraceNamesTheOperator()
    {
        var id = await StartAndFindAsync("victim");
        var (status, answer) = await Http.PostJsonAsync($"/api/tasks/{id}/cancel");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Cancelled", answer.GetProperty("result").GetProperty("outcome").GetString());
        Assert.Contains("victim", answer.GetProperty("message").GetString(), StringComparison.Ordinal);

        JsonApi.AssertError(await Http.GetJsonAsync($"/api/tasks/{id}/trace"), HttpStatusCode.NotFound, "no live task");
        var (_, terminated) = await Http.GetJsonAsync("/api/terminated?filter=victim&outcome=cancelled");
        var record = Assert.Single(terminated.Items());
        Assert.Equal("Cancelled", record.GetProperty("outcome").GetString());
        var traceId = record.GetProperty("traceId").GetString();

        var (traceStatus, trace) = await Http.GetJsonAsync($"/api/terminated/{traceId}/trace");
        Assert.Equal(HttpStatusCode.OK, traceStatus);
        Assert.Equal("victim", trace.GetProperty("task").GetProperty("name").GetString());
        var link = Assert.Single(trace.GetProperty("cancellationChain").EnumerateArray());
        Assert.Equal("Operator", link.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task CancelOfAnUnknownTaskIs404AndOfAnEndedTaskToo()
    {
        JsonApi.AssertError(await Http.PostJsonAsync("/api/tasks/987654321/cancel"), HttpStatusCode.NotFound, "no live task 987654321");
        JsonApi.AssertError(await Http.PostJsonAsync("/api/tasks/x/cancel"), HttpStatusCode.BadRequest, "positive integer");
    }

    [Fact]
    public async Task TerminatedTraceOfAFaultShowsTheExceptionAndItsStack()
    {
        var task = _app.Monitor.Run("doomed", _ => KnownWorkload.FailAfterAsync(TimeSpan.FromMilliseconds(10)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => task);
        JsonElement record = default;
        await JsonApi.EventuallyAsync(async () =>
        {
            var (_, page) = await Http.GetJsonAsync("/api/terminated?filter=doomed");
            record = page.Items().FirstOrDefault();
            return record.ValueKind == JsonValueKind.Object;
        }, "doomed in history");
        Assert.Equal("Faulted", record.GetProperty("outcome").GetString());
        var (_, trace) = await Http.GetJsonAsync($"/api/terminated/{record.GetProperty("traceId").GetString()}/trace");
        var exceptionText = trace.GetProperty("exceptionText").GetString();
        Assert.Contains("planned failure", exceptionText, StringComparison.Ordinal);
        Assert.Contains("FailAfterAsync", exceptionText, StringComparison.Ordinal);
        Assert.NotEmpty(trace.GetProperty("terminationStack").EnumerateArray());
        Assert.Empty(trace.GetProperty("cancellationChain").EnumerateArray());
        Assert.False(trace.GetProperty("task").TryGetProperty("canceller", out _)); // nulls are left out
    }

    [Fact]
    public async Task ThreadPoolStateIsReported()
    {
        var (status, tp) = await Http.GetJsonAsync("/api/threadpool");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(tp.GetProperty("threadCount").GetInt32() >= 1);
        Assert.True(tp.GetProperty("maxWorkerThreads").GetInt32() >= tp.GetProperty("minWorkerThreads").GetInt32());
        Assert.True(tp.GetProperty("completedWorkItems").GetInt64() > 0);
    }

    [Fact]
    public async Task TrackingCanBeSwitchedOffAndOn()
    {
        var (_, status) = await Http.GetJsonAsync("/api/tracking");
        Assert.False(status.GetProperty("discovery").GetBoolean());
        var (onStatus, on) = await Http.PostJsonAsync("/api/tracking?enabled=true");
        Assert.Equal(HttpStatusCode.OK, onStatus);
        Assert.True(on.GetProperty("discovery").GetBoolean());
        Assert.True((await Http.GetJsonAsync("/api/tracking")).Body.GetProperty("discovery").GetBoolean());
        var (_, off) = await Http.PostJsonAsync("/api/tracking?enabled=false");
        Assert.False(off.GetProperty("discovery").GetBoolean());
        JsonApi.AssertError(await Http.PostJsonAsync("/api/tracking"), HttpStatusCode.BadRequest, "enabled");
        JsonApi.AssertError(await Http.PostJsonAsync("/api/tracking?stacks=sometimes"), HttpStatusCode.BadRequest, "stacks");
        var (_, stacks) = await Http.PostJsonAsync("/api/tracking?stacks=off");
        Assert.Equal("Off", stacks.GetProperty("creationStacks").GetString());

        // The terminal's spelling (tracking --stacks per-site) works here too, as does the JSON's own (PerSite).
        Assert.Equal("PerSite", (await Http.PostJsonAsync("/api/tracking?stacks=per-site")).Body.GetProperty("creationStacks").GetString());
        Assert.Equal("Sampled", (await Http.PostJsonAsync("/api/tracking?stacks=sampled")).Body.GetProperty("creationStacks").GetString());
        Assert.Equal("PerSite", (await Http.PostJsonAsync("/api/tracking?stacks=PerSite")).Body.GetProperty("creationStacks").GetString());
        JsonApi.AssertError(await Http.PostJsonAsync("/api/tracking?enabled=sometimes"), HttpStatusCode.BadRequest, "enabled");
    }

    [Fact]
    public async Task TrackingSwitchesTheDiscoveryLevel()
    {
        var (status, pending) = await Http.PostJsonAsync("/api/tracking?level=pending");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Pending", pending.GetProperty("level").GetString());
        Assert.True(pending.GetProperty("discovery").GetBoolean());
        Assert.Equal("Pending", (await Http.GetJsonAsync("/api/tracking")).Body.GetProperty("level").GetString());
        Assert.Equal("Full", (await Http.PostJsonAsync("/api/tracking?level=full")).Body.GetProperty("level").GetString());
        Assert.Equal("Off", (await Http.PostJsonAsync("/api/tracking?level=off")).Body.GetProperty("level").GetString());
        Assert.True((await Http.GetJsonAsync("/api/tracking")).Body.GetProperty("runtimeMembers").GetArrayLength() > 0);
        JsonApi.AssertError(await Http.PostJsonAsync("/api/tracking?level=most"), HttpStatusCode.BadRequest, "level");
        JsonApi.AssertError(await Http.PostJsonAsync("/api/tracking?level=full&enabled=true"), HttpStatusCode.BadRequest, "level");
    }

    [Fact]
    public async Task SummaryCombinesCountsThreadPoolAndTracking()
    {
        var (status, summary) = await Http.GetJsonAsync("/api/summary");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(summary.GetProperty("counts").TryGetProperty("live", out _));
        Assert.True(summary.GetProperty("threadPool").GetProperty("threadCount").GetInt32() >= 1);
        Assert.True(summary.GetProperty("tracking").TryGetProperty("discovery", out _));
    }

    [Fact]
    public async Task EventStreamPushesSummaries()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await Http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var events = 0;
        while (events < 2)
        {
            var line = await reader.ReadLineAsync(cts.Token);
            Assert.NotNull(line);
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            using var doc = JsonDocument.Parse(line["data: ".Length..]);
            Assert.True(doc.RootElement.GetProperty("counts").TryGetProperty("live", out _));
            events++;
        }
    }
}
