using System.Text.Json;

namespace Taskmon.Attach.Tests;

/// <summary>taskmon --pid against a real process with known stuck chains: methods, grouping, await lines, threads.</summary>
[Trait("tier", "system")]
public sealed class SnapshotTests(TargetApp target) : IClassFixture<TargetApp>
{
    private const string Ns = "Taskmon.Attach.TargetApp.Stuck.";

    [Fact]
    public async Task Where_all_finds_every_stuck_chain_root_first_with_await_lines_and_the_target_keeps_running()
    {
        var (code, stdout, stderr) = await Processes.TaskmonAsync(string.Empty, "--pid", target.Id, "--json", "--", "where", "--all");
        Assert.True(code == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(target.Pid, json.RootElement.GetProperty("pid").GetInt32());
        var chains = json.RootElement.GetProperty("chains").EnumerateArray().ToList();

        // Task.Delay(1h) five times: one group of five, the delay named with its due time.
        var sleepy = Chain(chains, Ns + "SleepyWorkerAsync");
        Assert.Equal(5, sleepy.GetProperty("count").GetInt32());
        AssertFrames(sleepy, (Ns + "SleepyWorkerAsync", "sleepy"), ("Task.Delay(01:00:00)", null));

        // A semaphore nobody releases, three waiters.
        var gate = Chain(chains, Ns + "GateWaitAsync");
        Assert.Equal(3, gate.GetProperty("count").GetInt32());
        AssertFrames(gate, (Ns + "GateWaitAsync", "gate"), ("SemaphoreSlim.WaitAsync", null));

        // A forgotten TaskCompletionSource.
        AssertFrames(Chain(chains, Ns + "WaitForReplyAsync"), (Ns + "WaitForReplyAsync", "reply"), ("TaskCompletionSource (never completed)", null));

        // A channel reader, through the runtime's async iterator.
        AssertFrames(Chain(chains, Ns + "ConsumeAsync"),
            (Ns + "ConsumeAsync", "channel"), ("System.Threading.Channels.ChannelReader<System.Int32>.ReadAllAsync", null), ("Channel.ReadAsync", null));

        // Three levels of async methods, root first.
        AssertFrames(Chain(chains, Ns + "OuterAsync"),
            (Ns + "OuterAsync", "outer"), (Ns + "MiddleAsync", "middle"), (Ns + "InnerGateWaitAsync", "inner"), ("SemaphoreSlim.WaitAsync", null));

        // WhenAll: both branches.
        AssertFrames(Chain(chains, Ns + "FanOutAsync"),
            (Ns + "FanOutAsync", "fanout"), ("Task.WhenAll", null), ("Task.Delay(02:00:00)", null), ("Task.Delay(03:00:00)", null));

        // A thread blocked in .Result on an async method.
        var blocked = Chain(chains, Ns + "BlockedAsync");
        Assert.True(blocked.GetProperty("syncOverAsync").GetBoolean());
        AssertFrames(blocked, (Ns + "BlockedAsync", "blocked"), ("TaskCompletionSource (never completed)", null));

        Assert.Equal("pong", await target.PingAsync());
    }

    [Fact]
    public async Task Through_a_dump_instead_of_ptrace_it_finds_the_same_chains_and_deletes_the_dump()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "taskmon-dump-*").ToHashSet();
        var (code, stdout, stderr) = await Processes.TaskmonAsync(string.Empty, "--pid", target.Id, "--dump", "--json", "--", "where", "--all");
        Assert.True(code == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("dump", json.RootElement.GetProperty("via").GetString());
        var chains = json.RootElement.GetProperty("chains").EnumerateArray().ToList();
        Assert.Equal(5, Chain(chains, Ns + "SleepyWorkerAsync").GetProperty("count").GetInt32());
        AssertFrames(Chain(chains, Ns + "OuterAsync"),
            (Ns + "OuterAsync", "outer"), (Ns + "MiddleAsync", "middle"), (Ns + "InnerGateWaitAsync", "inner"), ("SemaphoreSlim.WaitAsync", null));
        Assert.True(Chain(chains, Ns + "BlockedAsync").GetProperty("syncOverAsync").GetBoolean());

        // The dump (the whole process's memory) is gone, its directory too.
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetTempPath(), "taskmon-dump-*"), d => !before.Contains(d));
        Assert.Equal("pong", await target.PingAsync());
    }

    [Fact]
    public async Task Ps_text_groups_identical_chains_with_counts_and_filters_by_method_text()
    {
        var (code, stdout, stderr) = await Processes.TaskmonAsync(string.Empty, "--pid", target.Id, "--", "ps");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains($"process {target.Pid} (", stdout, StringComparison.Ordinal);
        Assert.Contains($"x5  {Ns}SleepyWorkerAsync <- Task.Delay(01:00:00)\n", stdout, StringComparison.Ordinal);
        Assert.Contains($"x3  {Ns}GateWaitAsync <- SemaphoreSlim.WaitAsync\n", stdout, StringComparison.Ordinal);
        Assert.Contains($"x1  {Ns}OuterAsync <- {Ns}MiddleAsync <- {Ns}InnerGateWaitAsync <- SemaphoreSlim.WaitAsync\n", stdout, StringComparison.Ordinal);

        (code, stdout, _) = await Processes.TaskmonAsync(string.Empty, "--pid", target.Id, "--", "ps", "-f", "innergate");
        Assert.Equal(0, code);
        Assert.Contains("InnerGateWaitAsync", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("SleepyWorkerAsync", stdout, StringComparison.Ordinal);
        Assert.Equal("pong", await target.PingAsync());
    }

    [Fact]
    public async Task Threads_marks_the_thread_blocked_in_Result_and_names_its_chain()
    {
        var (code, stdout, stderr) = await Processes.TaskmonAsync(string.Empty, "--pid", target.Id, "--json", "--", "threads");
        Assert.True(code == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        var blocked = json.RootElement.GetProperty("threads").EnumerateArray().Where(t => t.GetProperty("syncOverAsync").GetBoolean()).ToList();
        var thread = Assert.Single(blocked);
        var methods = thread.GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("method").GetString()).ToList();
        Assert.Contains("System.Threading.Tasks.Task.SpinThenBlockingWait", methods);
        Assert.Contains(Ns + "Start(lambda)", methods);

        (code, stdout, _) = await Processes.TaskmonAsync(string.Empty, "--pid", target.Id, "--json", "--", "ps", "-f", "BlockedAsync");
        Assert.Equal(0, code);
        using var ps = JsonDocument.Parse(stdout);
        var chainId = Assert.Single(ps.RootElement.GetProperty("chains").EnumerateArray()).GetProperty("id").GetInt32();
        Assert.Equal(chainId, thread.GetProperty("blockedOnChain").GetInt32());
    }

    [Fact]
    public async Task Interactive_session_reads_commands_from_input_and_live_only_commands_say_why_not()
    {
        var (code, stdout, stderr) = await Processes.TaskmonAsync("where 1\ncancel 1\nexit\n", "--pid", target.Id);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains($"taskmon pid {target.Pid}> ", stdout, StringComparison.Ordinal);
        Assert.Contains("chain 1 x5", stdout, StringComparison.Ordinal);
        Assert.Contains("cancel: a snapshot cannot do that", stdout, StringComparison.Ordinal);

        (code, stdout, _) = await Processes.TaskmonAsync(string.Empty, "--pid", target.Id, "--", "tracking", "on");
        Assert.Equal(1, code);
        Assert.Contains("needs Taskmon running inside the app", stdout, StringComparison.Ordinal);

        (code, _, _) = await Processes.TaskmonAsync(string.Empty, "--pid", target.Id, "--", "where", "999");
        Assert.Equal(1, code);
        Assert.Equal("pong", await target.PingAsync());
    }

    [Fact]
    public async Task List_names_the_target_by_its_diagnostic_socket_without_taskmon_in_it()
    {
        var (code, stdout, stderr) = await Processes.TaskmonAsync(string.Empty, "--list", "--json");
        Assert.True(code == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        var entry = json.RootElement.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("pid").GetInt32() == target.Pid);
        Assert.Contains("Taskmon.Attach.TargetApp.dll", entry.GetProperty("commandLine").GetString(), StringComparison.Ordinal);
        Assert.False(entry.GetProperty("taskmon").GetBoolean());
    }

    private static JsonElement Chain(List<JsonElement> chains, string rootMethod)
    {
        var matches = chains.Where(c => c.GetProperty("frames")[0].GetProperty("name").GetString() == rootMethod).ToList();
        Assert.True(matches.Count == 1, $"{matches.Count} chains rooted at {rootMethod}: {string.Join(" | ", chains.Select(c => c.GetProperty("summary").GetString()))}");
        return matches[0];
    }

    private static void AssertFrames(JsonElement chain, params (string Name, string? Marker)[] expected)
    {
        var frames = chain.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => e.Name), frames.Select(f => f.GetProperty("name").GetString()));
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i].Marker is not { } marker)
            {
                continue;
            }
            Assert.EndsWith("Program.cs", frames[i].GetProperty("file").GetString(), StringComparison.Ordinal);
            Assert.Equal(Processes.MarkerLine(marker), frames[i].GetProperty("line").GetInt32());
        }
    }
}
