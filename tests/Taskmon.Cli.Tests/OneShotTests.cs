using System.Globalization;
using System.Text.Json;

namespace Taskmon.Cli.Tests;

/// <summary>The real client process, one command at a time, against a monitored app over TCP.</summary>
[Trait("tier", "system")]
public sealed class OneShotTests(TestApp app) : IClassFixture<TestApp>
{
    private string Port => app.Port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Ps_json_lists_the_apps_tasks_with_the_documented_fields()
    {
        var (code, stdout, stderr) = await ClientProcess.TaskmonAsync("--port", Port, "--json", "--", "ps", "-f", "order-worker");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("ps", root.GetProperty("kind").GetString());
        Assert.True(root.GetProperty("live").GetInt32() >= 3);
        var page = root.GetProperty("page"); // the web API's TaskListPage, the same schema (docs/json.md)
        Assert.Equal(3, page.GetProperty("totalMatching").GetInt32());
        var names = page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("task").GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(["order-worker-1", "order-worker-2", "order-worker-3"], names);
        var first = page.GetProperty("items")[0].GetProperty("task");
        Assert.True(first.GetProperty("id").GetInt64() > 0);
        Assert.Equal(JsonValueKind.String, first.GetProperty("state").ValueKind); // enums are names
        Assert.EndsWith(".cs", first.GetProperty("site").GetProperty("file").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_output_and_exit_status_follow_the_command()
    {
        var (code, stdout, _) = await ClientProcess.TaskmonAsync("--port", Port, "exec", "ps -f order-worker-2");
        Assert.Equal(0, code);
        Assert.Contains("order-worker-2", stdout, StringComparison.Ordinal);
        Assert.Contains("tasks running (showing 1", stdout, StringComparison.Ordinal);

        (code, stdout, _) = await ClientProcess.TaskmonAsync("--port", Port, "--", "where", "987654321");
        Assert.Equal(1, code);
        Assert.Contains("✗ No task 987654321", stdout, StringComparison.Ordinal);

        (code, stdout, _) = await ClientProcess.TaskmonAsync("--port", Port, "--", "ps", "--sort", "sideways");
        Assert.Equal(2, code);
        Assert.StartsWith("✗", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_json_has_the_creation_chain_and_async_stack()
    {
        var id = app.Monitor.GetTasks(new() { Filter = "order-worker-1" }).Items.Single().Task.Id;
        var (code, stdout, stderr) = await ClientProcess.TaskmonAsync("--port", Port, "--json", "--", "where", id.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        var trace = json.RootElement.GetProperty("trace");
        Assert.Equal("where", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(id, trace.GetProperty("task").GetProperty("id").GetInt64());
        Assert.True(trace.GetProperty("creationChain").GetArrayLength() >= 1);
        Assert.Equal(JsonValueKind.Array, trace.GetProperty("asyncStack").ValueKind);
    }

    [Fact]
    public async Task Threadpool_json()
    {
        var (code, stdout, _) = await ClientProcess.TaskmonAsync("--port", Port, "--json", "--", "threadpool", "--sample", "50");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("threads").GetInt32() > 0);
        Assert.True(json.RootElement.TryGetProperty("starvationSuspected", out _));
    }

    [Fact]
    public async Task No_server_is_a_one_line_error_with_its_exit_code()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var (code, stdout, stderr) = await ClientProcess.TaskmonAsync("--host", "localhost", "--port", port.ToString(CultureInfo.InvariantCulture), "--", "ps");
        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.StartsWith("taskmon: cannot connect to localhost:", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Bad_client_arguments_exit_2()
    {
        var (code, _, stderr) = await ClientProcess.TaskmonAsync("--port", "x");
        Assert.Equal(2, code);
        Assert.Contains("not a port", stderr, StringComparison.Ordinal);
    }
}
