using System.Globalization;
using System.Text.Json;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>Trace JSON: creation stacks collapse framework frames into one marker frame unless full=true; every frame says whether it is user code.</summary>
[Trait("tier", "system")]
public sealed class TraceFramesApiTests
{
    [Fact]
    public async Task A_trace_collapses_framework_frames_unless_full()
    {
        await using var app = TestApp.Start();
        _ = app.StartSleeper("jmc-web");
        var (_, page) = await app.Http.GetJsonAsync("/api/tasks?filter=jmc-web");
        var id = page.Items().Single().GetProperty("task").GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        var (_, collapsed) = await app.Http.GetJsonAsync($"/api/tasks/{id}/trace");
        var frames = Stack(collapsed);
        Assert.Equal(3, frames.Count);
        Assert.EndsWith("TestApp.StartSleeper", frames[0].GetProperty("method").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(nameof(A_trace_collapses_framework_frames_unless_full), frames[1].GetProperty("method").GetString(), StringComparison.Ordinal);
        Assert.True(frames[0].GetProperty("user").GetBoolean());
        Assert.True(frames[1].GetProperty("user").GetBoolean());
        var hidden = frames[2].GetProperty("hidden").GetInt32();
        Assert.Equal($"… {hidden} framework frames", frames[2].GetProperty("method").GetString());
        Assert.False(frames[2].GetProperty("user").GetBoolean());

        var (_, full) = await app.Http.GetJsonAsync($"/api/tasks/{id}/trace?full=true");
        var all = Stack(full);
        Assert.Equal(2 + hidden, all.Count);
        Assert.All(all.Skip(2), f => Assert.False(f.GetProperty("user").GetBoolean()));
        Assert.All(all, f => Assert.Equal(0, f.GetProperty("hidden").GetInt32()));
    }

    private static List<JsonElement> Stack(JsonElement trace) =>
        [.. trace.GetProperty("creationChain")[0].GetProperty("creationStack").EnumerateArray()];
}
