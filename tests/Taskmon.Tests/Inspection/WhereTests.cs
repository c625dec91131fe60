using System.Runtime.CompilerServices;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Inspection;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class WhereTests
{
    [Fact]
    public async Task Where_of_a_three_level_await_chain_shows_the_three_methods_at_their_await_lines()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off }); // the explicit task alone
        var release = new TaskCompletionSource();
        var run = monitor.Run("chain", ct => LevelOneAsync(release.Task));
        var id = monitor.GetTasks().Items.Single().Task.Id;

        var trace = monitor.GetTrace(id)!;

        var frames = trace.AsyncStack;
        Assert.Equal(
            ["Taskmon.Tests.Inspection.WhereTests.LevelThreeAsync", "Taskmon.Tests.Inspection.WhereTests.LevelTwoAsync", "Taskmon.Tests.Inspection.WhereTests.LevelOneAsync"],
            frames.Select(f => f.Method));
        Assert.All(frames, f => Assert.EndsWith("WhereTests.cs", f.File, StringComparison.Ordinal));
        Assert.Equal([s_levelThreeLine, s_levelTwoLine, s_levelOneLine], frames.Select(f => f.Line ?? 0));
        Assert.Equal("a TaskCompletionSource or promise task", frames[0].Awaiting);
        Assert.Equal("Taskmon.Tests.Inspection.WhereTests.LevelThreeAsync", frames[1].Awaiting);
        Assert.Null(trace.StackNote);
        Assert.Equal(TaskState.Waiting, trace.Task.State);

        release.SetResult();
        await run;
    }

    [Fact]
    public async Task Where_of_a_discovered_task_walks_its_stack_too_on_the_jit_runtime()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        var release = new TaskCompletionSource();
        var run = Task.Run(() => LevelOneAsync(release.Task));
        await Wait.UntilAsync(() => Find(monitor, "LevelOneAsync") is { } t && monitor.GetTrace(t.Id)!.AsyncStack.Count == 3, "level one resolved");

        var trace = monitor.GetTrace(Find(monitor, "LevelOneAsync")!.Id)!;
        Assert.Equal(s_levelOneLine, trace.AsyncStack[^1].Line);

        // Creation chain of the innermost: level three, created by level two... each discovered with its parent.
        var three = Find(monitor, "LevelThreeAsync")!;
        var chain = monitor.GetTrace(three.Id)!.CreationChain;
        Assert.Equal("Taskmon.Tests.Inspection.WhereTests.LevelThreeAsync", chain[0].Method);
        release.SetResult();
        await run;
    }

    [Fact]
    public async Task Where_right_after_a_burst_larger_than_one_query_claims_still_walks_the_stack()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        var release = new TaskCompletionSource();
        // More new tasks than a list query takes objects for (10,000), the one we ask about created last.
        var holders = Enumerable.Range(0, 12_000).Select(_ => HoldAsync(release.Task)).ToArray();
        var run = LevelOneAsync(release.Task);

        var target = Find(monitor, "LevelOneAsync");
        Assert.NotNull(target);
        var trace = monitor.GetTrace(target.Id)!;

        Assert.Equal(3, trace.AsyncStack.Count);
        Assert.Equal(s_levelOneLine, trace.AsyncStack[^1].Line);
        Assert.Equal("Taskmon.Tests.Inspection.WhereTests.LevelOneAsync", trace.Task.Method);
        release.SetResult();
        await run;
        await Task.WhenAll(holders);
    }

    [Fact]
    public async Task A_creation_chain_lists_the_task_then_its_parents_with_their_sites()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { CreationStacks = CreationStackMode.Always });
        var release = new TaskCompletionSource();
        Task? inner = null;
        var started = new TaskCompletionSource();
        var outer = monitor.Run("grandparent", async ct =>
        {
            await monitor.Run("parent", async ct2 =>
            {
                inner = monitor.Run("child", ct3 => release.Task);
                started.SetResult();
                await inner;
            });
        });
        await started.Task;
        var child = monitor.GetTasks(new TaskQuery { Filter = "child" }).Items.Single().Task;

        var chain = monitor.GetTrace(child.Id)!.CreationChain;

        Assert.Equal(["child", "parent", "grandparent"], chain.Select(c => c.Name));
        Assert.All(chain, c => Assert.NotEmpty(c.CreationStack));
        Assert.Contains(chain[2].CreationStack, f => f.Method.EndsWith(nameof(A_creation_chain_lists_the_task_then_its_parents_with_their_sites), StringComparison.Ordinal));
        var tree = monitor.GetTasks(new TaskQuery { Tree = true }).Items;
        Assert.Equal([("grandparent", 0), ("parent", 1), ("child", 2)], tree.Select(i => (i.Task.Name, i.Depth)));
        release.SetResult();
        await outer;
    }

    private static LiveTask? Find(TaskMonitor monitor, string text) =>
        monitor.GetTasks(new TaskQuery { Filter = text, Origin = TaskOrigin.Discovered }).Items.Select(i => i.Task).FirstOrDefault();

    private static int s_levelOneLine;
    private static int s_levelTwoLine;
    private static int s_levelThreeLine;

    private static async Task LevelOneAsync(Task release)
    {
        s_levelOneLine = Line() + 1;
        await LevelTwoAsync(release);
    }

    private static async Task LevelTwoAsync(Task release)
    {
        s_levelTwoLine = Line() + 1;
        await LevelThreeAsync(release);
    }

    private static async Task LevelThreeAsync(Task release)
    {
        s_levelThreeLine = Line() + 1;
        await release;
    }

    private static async Task HoldAsync(Task release) => await release;

    private static int Line([CallerLineNumber] int line = 0) => line;
}
