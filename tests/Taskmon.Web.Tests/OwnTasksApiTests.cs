using System.Text.Json;
using Taskmon.Hosting;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>With discovery on, the web server's own loops are discovered too: hidden from /api/tasks and the counts unless all=true.</summary>
[Trait("tier", "system")]
public sealed class OwnTasksApiTests
{
    [Fact]
    public async Task The_servers_own_loops_are_listed_only_with_all()
    {
        await using var app = TestApp.Start(configure: o => o.Discovery = DiscoveryLevel.Full);
        JsonElement own = default;
        await JsonApi.EventuallyAsync(async () =>
        {
            var (_, page) = await app.Http.GetJsonAsync("/api/tasks?all=true&filter=HttpServer&limit=1000");
            own = page.Items().Select(i => i.GetProperty("task")).FirstOrDefault(t => t.GetProperty("isMonitor").GetBoolean());
            return own.ValueKind == JsonValueKind.Object;
        }, "the web server's own loop, with all=true");
        Assert.StartsWith("Taskmon.Web.", own.GetProperty("method").GetString(), StringComparison.Ordinal);

        var (_, hidden) = await app.Http.GetJsonAsync("/api/tasks?filter=HttpServer&limit=1000");
        Assert.Empty(hidden.Items());
        var (_, counts) = await app.Http.GetJsonAsync("/api/counts");
        Assert.True(counts.GetProperty("liveMonitor").GetInt32() > 0);
    }
}
