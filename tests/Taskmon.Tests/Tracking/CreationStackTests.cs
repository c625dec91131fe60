using Taskmon.Hosting;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Tracking;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class CreationStackTests
{
    [Theory]
    [InlineData(CreationStackMode.Off, 0)]
    [InlineData(CreationStackMode.PerSite, 5)]
    [InlineData(CreationStackMode.Always, 5)]
    [InlineData(CreationStackMode.Sampled, 2)]
    public async Task Creation_stack_modes_capture_as_documented(CreationStackMode mode, int expectedWithStack)
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { CreationStacks = mode, StackSampleInterval = 2 });
        var release = new TaskCompletionSource();
        var runs = Enumerable.Range(0, 5).Select(_ => StartFromHelper(monitor, release.Task)).ToList();

        var stacks = monitor.GetTasks().Items.Select(i => monitor.GetTrace(i.Task.Id)!.CreationChain[0].CreationStack).ToList();

        Assert.Equal(expectedWithStack, stacks.Count(s => s.Count > 0));
        Assert.All(stacks.Where(s => s.Count > 0), s => Assert.Contains(s, f => f.Method.EndsWith(nameof(StartFromHelper), StringComparison.Ordinal) && f.Line > 0));
        if (mode == CreationStackMode.PerSite)
        {
            Assert.All(stacks, s => Assert.Same(stacks[0], s));
        }

        release.SetResult();
        await Task.WhenAll(runs);
    }

    [Fact]
    public async Task The_mode_can_change_at_run_time()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { CreationStacks = CreationStackMode.Off });
        var release = new TaskCompletionSource();
        var first = StartFromHelper(monitor, release.Task);
        monitor.CreationStacks = CreationStackMode.Always;
        var second = StartFromHelper(monitor, release.Task);

        var items = monitor.GetTasks().Items;
        Assert.Empty(monitor.GetTrace(items[0].Task.Id)!.CreationChain[0].CreationStack);
        Assert.NotEmpty(monitor.GetTrace(items[1].Task.Id)!.CreationChain[0].CreationStack);
        Assert.Equal(CreationStackMode.Always, monitor.GetStatus().CreationStacks);
        release.SetResult();
        await Task.WhenAll(first, second);
    }

    private static Task StartFromHelper(TaskMonitor monitor, Task release) => monitor.Run("stacked", ct => release);
}
