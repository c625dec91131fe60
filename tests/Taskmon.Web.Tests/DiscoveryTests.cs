using System.Net;
using System.Text.Json;
using Taskmon.Hosting;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>Tasks found by automatic discovery are listed, traced, and refused (409) when asked to cancel.</summary>
[Trait("tier", "system")]
public sealed class DiscoveryTests
{
    [Fact]
    public async Task ADiscoveredTaskIsListedButCannotBeCancelled()
    {
        await using var app = TestApp.Start(configure: o => o.Discovery = DiscoveryLevel.Full);
        var gate = new TaskCompletionSource();
        var work = Unmonitored.WaitForGateAsync(gate.Task);
        try
        {
            JsonElement found = default;
            await JsonApi.EventuallyAsync(async () =>
            {
                var (_, page) = await app.Http.GetJsonAsync("/api/tasks?origin=discovered&filter=WaitForGateAsync");
                found = page.Items().Select(i => i.GetProperty("task")).FirstOrDefault();
                return found.ValueKind == JsonValueKind.Object;
            }, "the discovered task");
            Assert.Equal("Discovered", found.GetProperty("origin").GetString());
            Assert.False(found.GetProperty("cancellable").GetBoolean());

            var id = found.GetProperty("id").GetInt64();
            JsonApi.AssertError(await app.Http.PostJsonAsync($"/api/tasks/{id}/cancel"), HttpStatusCode.Conflict, "not started through Taskmon");
            Assert.False(work.IsCompleted);
        }
        finally
        {
            gate.SetResult();
            await work;
        }
    }

    private static class Unmonitored
    {
        public static async Task WaitForGateAsync(Task gate) => await gate;
    }
}
