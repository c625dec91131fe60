using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Taskmon.Web.Tests.Support;

namespace Taskmon.Web.Tests;

/// <summary>
/// Pins the one JSON schema (docs/json.md) against real output. Each shape — tasks, terminated, trace,
/// termination-trace, status — is read from the real HTTP API and, where the terminal has the same data, from a
/// real <c>@taskmon exec json</c> command on the terminal port; every property path either front end writes must be
/// listed in json-schema.approved.txt with its JSON kind, and every path listed without <c>?</c> must be written.
/// A renamed, added or retyped field, or a terminal envelope that stops wrapping the web's record, fails here.
/// On a deliberate change, review json-schema.received.txt and copy it over the approved file (mark paths that may
/// be absent — null values are left out — with <c>?</c>).
/// </summary>
[Trait("tier", "system")]
public sealed class JsonSchemaTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.Start(configure: o => o.Terminal.Port = 0);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_shape_matches_the_approved_schema_from_the_web_api_and_the_terminal()
    {
        // A parent with a child (parentId, depth), a faulted task and one cancelled by another task (canceller).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_app.Stopping);
        _ = _app.Monitor.Run("schema-parent", async ct =>
        {
            _ = _app.Monitor.Run("schema-child", c => KnownWorkload.OuterLoopAsync(c), cancellationToken: ct);
            await KnownWorkload.OuterLoopAsync(ct);
        }, cancellationToken: stop.Token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _app.Monitor.Run("schema-faulted", async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("schema fault");
        }));
        using var victimToken = new CancellationTokenSource();
        var victim = _app.Monitor.Run("schema-cancelled", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: victimToken.Token);
        await _app.Monitor.Run("schema-canceller", _ => victimToken.CancelAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => victim);

        var observed = new SortedSet<string>(StringComparer.Ordinal);
        JsonElement tasks = default;
        await JsonApi.EventuallyAsync(async () =>
        {
            (_, tasks) = await _app.Http.GetJsonAsync("/api/tasks?filter=schema-&tree=true");
            return tasks.Items().Count() == 2;
        }, "schema-parent and schema-child in /api/tasks");
        Collect(observed, "tasks", tasks);
        var child = tasks.Items().Select(i => i.GetProperty("task")).Single(t => t.GetProperty("name").GetString() == "schema-child");
        var childId = child.GetProperty("id").GetInt64();

        var (_, terminated) = await _app.Http.GetJsonAsync("/api/terminated?filter=schema-&limit=10");
        Collect(observed, "terminated", terminated);
        var faultedTrace = terminated.Items().Single(t => t.GetProperty("name").GetString() == "schema-faulted").GetProperty("traceId").GetString();
        var cancelledTrace = terminated.Items().Single(t => t.GetProperty("name").GetString() == "schema-cancelled").GetProperty("traceId").GetString();

        Collect(observed, "trace", (await _app.Http.GetJsonAsync($"/api/tasks/{childId}/trace")).Body);
        Collect(observed, "termination-trace", (await _app.Http.GetJsonAsync($"/api/terminated/{faultedTrace}/trace")).Body);
        Collect(observed, "termination-trace", (await _app.Http.GetJsonAsync($"/api/terminated/{cancelledTrace}/trace")).Body);
        Collect(observed, "status", (await _app.Http.GetJsonAsync("/api/summary")).Body);

        // The terminal's envelopes wrap the very same records: their content is checked against the same shapes.
        Collect(observed, "tasks", await TerminalAsync("ps --filter schema- --tree", "ps", "page"));
        Collect(observed, "terminated", await TerminalAsync("pst --filter schema- -n 10", "ps-terminated", "page"));
        Collect(observed, "trace", await TerminalAsync($"where {childId}", "where", "trace"));
        Collect(observed, "termination-trace", await TerminalAsync($"wt {faultedTrace}", "where-terminated", "trace"));
        Collect(observed, "termination-trace", await TerminalAsync($"wt {cancelledTrace}", "where-terminated", "trace"));
        Collect(observed, "status.tracking", await TerminalAsync("tracking", "tracking", "status"));
        await stop.CancelAsync();

        var approvedPath = Path.Combine(SourceDirectory(), "json-schema.approved.txt");
        var approved = File.ReadAllLines(approvedPath)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(p => p[0].TrimEnd('?'), p => (Kind: p[1], Optional: p[0].EndsWith('?')), StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var line in observed)
        {
            var (path, kind) = (line[..line.IndexOf(' ', StringComparison.Ordinal)], line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            if (!approved.TryGetValue(path, out var entry))
            {
                problems.Add($"not in the approved schema: {path} {kind}");
            }
            else if (entry.Kind != kind)
            {
                problems.Add($"{path} is {kind}, approved {entry.Kind}");
            }
        }

        var seen = observed.Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(approved.Where(a => !a.Value.Optional && !seen.Contains(a.Key)).Select(a => $"approved but never written: {a.Key}"));
        if (problems.Count > 0)
        {
            await File.WriteAllLinesAsync(Path.Combine(SourceDirectory(), "json-schema.received.txt"), observed);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Adds "shape.path kind" for every value under <paramref name="element"/> (array elements as <c>[]</c>).</summary>
    private static void Collect(SortedSet<string> into, string path, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                into.Add($"{path} object");
                foreach (var property in element.EnumerateObject())
                {
                    Collect(into, path + "." + property.Name, property.Value);
                }
                break;
            case JsonValueKind.Array:
                into.Add($"{path} array");
                foreach (var item in element.EnumerateArray())
                {
                    Collect(into, path + "[]", item);
                }
                break;
            case JsonValueKind.True or JsonValueKind.False:
                into.Add($"{path} bool");
                break;
            default:
                into.Add($"{path} {element.ValueKind.ToString().ToLowerInvariant()}");
                break;
        }
    }

    /// <summary>
    /// One command through the terminal port the way <c>taskmon --json</c> sends it; checks the envelope
    /// (<c>kind</c> and the one property holding the record) and returns the record.
    /// </summary>
    private async Task<JsonElement> TerminalAsync(string command, string kind, string record)
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
        using var doc = JsonDocument.Parse(json[..json.IndexOf('\n', StringComparison.Ordinal)]);
        Assert.Equal(kind, doc.RootElement.GetProperty("kind").GetString());
        Assert.True(doc.RootElement.TryGetProperty(record, out var value), $"'{command}' has no '{record}': {doc.RootElement}");
        return value.Clone();
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
