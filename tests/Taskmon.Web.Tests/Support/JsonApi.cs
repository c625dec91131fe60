using System.Net;
using System.Text.Json;

namespace Taskmon.Web.Tests.Support;

/// <summary>Small helpers to read JSON answers of the real server.</summary>
public static class JsonApi
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(this HttpClient http, string path) =>
        await ReadAsync(await http.GetAsync(path));

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(this HttpClient http, string path) =>
        await ReadAsync(await http.PostAsync(path, content: null));

    public static async Task<(HttpStatusCode Status, JsonElement Body)> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(text);
            return (response.StatusCode, doc.RootElement.Clone());
        }
    }

    /// <summary>Asserts a JSON error answer: the status, the same status in the body, and a message naming <paramref name="mentions"/>.</summary>
    public static void AssertError((HttpStatusCode Status, JsonElement Body) answer, HttpStatusCode expected, string mentions)
    {
        Assert.Equal(expected, answer.Status);
        Assert.Equal((int)expected, answer.Body.GetProperty("status").GetInt32());
        Assert.Contains(mentions, answer.Body.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes (tasks start and end asynchronously).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    public static IEnumerable<JsonElement> Items(this JsonElement page) => page.GetProperty("items").EnumerateArray();
}
