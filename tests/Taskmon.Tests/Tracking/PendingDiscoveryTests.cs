using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Taskmon.Commands;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Terminal;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Tracking;

/// <summary>Discovery level Pending: the runtime's table of pending async methods alone, no event listener.</summary>
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class PendingDiscoveryTests
{
    [Fact]
    public async Task Pending_sees_a_three_level_chain_stuck_on_a_semaphore_with_its_await_lines()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Pending, Terminal = { Enabled = false } });
        Assert.Equal(DiscoveryLevel.Pending, monitor.GetStatus().Level);
        Assert.Null(monitor.GetStatus().LevelNote);
        using var gate = new SemaphoreSlim(0);
        var chain = ChainTopAsync(gate);

        await Wait.UntilAsync(() => DiscoveryTests.Find(monitor, nameof(ChainBottomAsync)) is not null, "the chain's bottom seen");
        var top = DiscoveryTests.Find(monitor, nameof(ChainTopAsync))!;
        Assert.Equal(TaskOrigin.Discovered, top.Origin);
        Assert.Equal(TaskState.Waiting, top.State);
        Assert.Equal("Taskmon.Tests.Tracking.PendingDiscoveryTests.ChainTopAsync", top.Method);
        Assert.Null(top.ParentId); // Pending knows no parents

        var stack = monitor.GetTrace(top.Id)!.AsyncStack;
        Assert.Equal(
            [nameof(ChainBottomAsync), nameof(ChainMiddleAsync), nameof(ChainTopAsync)],
            stack.Select(f => f.Method[(f.Method.LastIndexOf('.') + 1)..]));
        Assert.All(stack, f => Assert.EndsWith("PendingDiscoveryTests.cs", f.File, StringComparison.Ordinal));
        Assert.Equal([s_bottomLine, s_middleLine, s_topLine], stack.Select(f => f.Line ?? 0));
        Assert.Contains("SemaphoreSlim", stack[0].Awaiting, StringComparison.Ordinal);

        gate.Release();
        await chain;
        await Wait.UntilAsync(() => DiscoveryTests.Find(monitor, nameof(ChainTopAsync)) is null, "the completed chain gone from the live list");
        Assert.Empty(monitor.GetTerminated(new TerminatedQuery { Filter = nameof(ChainTopAsync) }).Items); // no history at this level
    }

    [Fact]
    public async Task With_pending_a_dropped_never_completing_task_is_collected_and_reported_lost()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Pending, LostTasks = true, Terminal = { Enabled = false } });
        var dropped = StartDropped();
        await Wait.UntilAsync(() => DiscoveryTests.Find(monitor, nameof(AwaitsForeverAsync)) is not null, "the dropped task seen");

        await Wait.UntilAsync(
            () =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return !dropped.TryGetTarget(out _);
            },
            "the dropped task collected (the runtime's table no longer holds it)");
        await Wait.UntilAsync(
            () => monitor.GetTerminated(new TerminatedQuery { Filter = nameof(AwaitsForeverAsync) }).Items.Any(i => i.Outcome == TaskOutcome.Lost),
            "reported lost");
        Assert.Null(DiscoveryTests.Find(monitor, nameof(AwaitsForeverAsync)));
    }

    [Fact]
    public async Task The_level_switches_off_pending_full_off_at_run_time_from_the_terminal()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, Terminal = { Enabled = false } });
        var catalog = TerminalFactory.CreateCatalog(new TerminalOptions(), monitor);
        async Task<TrackingResult> Tracking(string words) => Assert.IsType<TrackingResult>(
            (await catalog.ExecuteAsync("tracking " + words, new CommandContext { Interactive = false, Notify = _ => { } }, CancellationToken.None)).Result);
        var release = new TaskCompletionSource();
        var tasks = new List<Task>();

        Assert.Equal(DiscoveryLevel.Off, (await Tracking("status")).Status.Level);
        tasks.Add(LeafAsync(release.Task, 1));
        Assert.Null(DiscoveryTests.Find(monitor, nameof(LeafAsync)));

        var pending = await Tracking("pending");
        Assert.Equal(DiscoveryLevel.Pending, pending.Status.Level);
        Assert.False(pending.Status.RunTimeAccounting);
        Assert.True(DebuggerFlag(null));
        tasks.Add(LeafAsync(release.Task, 2));
        await Wait.UntilAsync(() => DiscoveryTests.Find(monitor, nameof(LeafAsync)) is not null, "seen at pending");
        Assert.Single(monitor.GetTasks(new TaskQuery { Filter = nameof(LeafAsync) }).Items); // the one started before is not in the table

        var full = await Tracking("full");
        Assert.Equal(DiscoveryLevel.Full, full.Status.Level);
        Assert.Null(DiscoveryTests.Find(monitor, nameof(LeafAsync))); // switching forgets the discovered tasks
        var parent = monitor.Run("full-parent", _ => LeafAsync(release.Task, 3));
        tasks.Add(parent);
        await Wait.UntilAsync(() => DiscoveryTests.Find(monitor, "full-parent") is not null, "explicit task at full");
        var explicitId = DiscoveryTests.Find(monitor, "full-parent")!.Id;

        var off = await Tracking("off");
        Assert.Equal(DiscoveryLevel.Off, off.Status.Level);
        Assert.False(DebuggerFlag(null));
        tasks.Add(LeafAsync(release.Task, 4));
        Assert.Equal(explicitId, Assert.Single(monitor.GetTasks(new TaskQuery { Filter = nameof(LeafAsync) }).Items).Task.Id);

        release.SetResult();
        await Task.WhenAll(tasks);
    }

    [Theory]
    [InlineData("Pending", DiscoveryLevel.Pending)]
    [InlineData("pending", DiscoveryLevel.Pending)]
    [InlineData("False", DiscoveryLevel.Off)]
    public async Task Configuration_names_the_level(string configured, DiscoveryLevel expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Taskmon:Discovery"] = configured, ["Taskmon:Terminal:Enabled"] = "false" });
        builder.Services.AddTaskmon();
        using var host = builder.Build();
        await host.StartAsync();
        Assert.Equal(expected, host.Services.GetRequiredService<TaskMonitor>().GetStatus().Level);
        await host.StopAsync();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<Task> StartDropped()
    {
        var never = new TaskCompletionSource();
        return new WeakReference<Task>(AwaitsForeverAsync(never.Task));
    }

    private static async Task AwaitsForeverAsync(Task never) => await never;

    private static async Task LeafAsync(Task release, int which)
    {
        await release;
        _ = which;
    }

    private static int s_topLine;
    private static int s_middleLine;
    private static int s_bottomLine;

    private static async Task ChainTopAsync(SemaphoreSlim gate)
    {
        s_topLine = Line() + 1;
        await ChainMiddleAsync(gate);
    }

    private static async Task ChainMiddleAsync(SemaphoreSlim gate)
    {
        s_middleLine = Line() + 1;
        await ChainBottomAsync(gate);
    }

    private static async Task ChainBottomAsync(SemaphoreSlim gate)
    {
        s_bottomLine = Line() + 1;
        await gate.WaitAsync();
    }

    private static int Line([CallerLineNumber] int line = 0) => line;

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_asyncDebuggingEnabled")]
    private static extern ref bool DebuggerFlag(Task? owner);
}
