using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>
/// The web API and <c>taskmon --json</c> serialize the same records through two source-generated contexts (one per
/// assembly: the terminal's is internal to Taskmon). Their options are declared twice, so this pins them together:
/// one live task, read through the real terminal port and through the real HTTP API, must come out with the same
/// property names, the same JSON kinds and the same stable values.
/// </summary>
[Trait("tier", "system")]
public sealed class JsonAgreementTests : IAsyncLifetime
{
    private const string TaskName = "json-agreement";
    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.Start(configure: o => o.Terminal.Port = 0);
        _ = _app.StartSleeper(TaskName);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_task_reads_the_same_from_the_terminal_json_and_the_web_api()
    {
        JsonElement web = default;
        await JsonApi.EventuallyAsync(async () =>
        {
            var (_, page) = await _app.Http.GetJsonAsync($"/api/tasks?filter={TaskName}");
            web = page.Items().Select(i => i.GetProperty("task")).FirstOrDefault(t => t.GetProperty("name").GetString() == TaskName);
            return web.ValueKind == JsonValueKind.Object;
        }, $"{TaskName} in /api/tasks");

        var ps = await TerminalJsonAsync($"ps --filter {TaskName}");
        Assert.Equal("ps", ps.GetProperty("kind").GetString());
        var terminal = ps.GetProperty("tasks").EnumerateArray().Select(i => i.GetProperty("task"))
            .Single(t => t.GetProperty("name").GetString() == TaskName);

        Assert.Equal(Shape(web), Shape(terminal));
        foreach (var stable in new[] { "id", "name", "method", "origin", "state", "persistent", "site" })
        {
            Assert.True(web.TryGetProperty(stable, out var fromWeb), $"web JSON has no '{stable}'");
            Assert.Equal(fromWeb.GetRawText(), terminal.GetProperty(stable).GetRawText());
        }

        // Enums as names, durations as TimeSpan text: both sides, not just equal to each other.
        Assert.Equal(JsonValueKind.String, web.GetProperty("state").ValueKind);
        Assert.Matches(@"^\d{2}:\d{2}:\d{2}(\.\d+)?$", web.GetProperty("age").GetString());
        Assert.Matches(@"^\d{2}:\d{2}:\d{2}(\.\d+)?$", terminal.GetProperty("age").GetString());
    }

    /// <summary>Property names with their JSON kinds, recursively (values left out: ages and busy times move).</summary>
    private static string Shape(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + ":" + Shape(p.Value))) + "}",
        JsonValueKind.Array => "[" + (element.GetArrayLength() > 0 ? Shape(element[0]) : "") + "]",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => element.ValueKind.ToString(),
    };

    /// <summary>One command through the terminal port the way the <c>taskmon</c> client sends it (a plain line client).</summary>
    private async Task<JsonElement> TerminalJsonAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _app.Monitor.TerminalPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"@taskmon exec json {command}\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var text = await reader.ReadToEndAsync(timeout.Token);
        const string begin = "@taskmon begin\n";
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '@taskmon begin' in: {text}");
        var json = text[(start + begin.Length)..];
        json = json[..json.IndexOf('\n', StringComparison.Ordinal)];
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
