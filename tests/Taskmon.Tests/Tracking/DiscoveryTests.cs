using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Tracking;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class DiscoveryTests
{
    [Fact]
    public async Task Discovered_async_methods_appear_with_full_method_names_and_their_creating_task_as_parent()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        var release = new TaskCompletionSource();
        var run = monitor.Run("outer-explicit", ct => DiscoveredOuterAsync(release.Task));

        await Wait.UntilAsync(() => Find(monitor, "DiscoveredInnerAsync") is not null, "inner method discovered");
        var explicitTask = Find(monitor, "outer-explicit")!;
        var outer = Find(monitor, "DiscoveredOuterAsync", TaskOrigin.Discovered);
        var inner = Find(monitor, "DiscoveredInnerAsync")!;

        // The explicit task absorbs its own work method: one record, named by the caller, method from the work.
        Assert.Null(outer);
        Assert.Equal("Taskmon.Tests.Tracking.DiscoveryTests.DiscoveredOuterAsync", explicitTask.Method);
        Assert.Equal(TaskOrigin.Discovered, inner.Origin);
        Assert.Equal("Taskmon.Tests.Tracking.DiscoveryTests.DiscoveredInnerAsync", inner.Method);
        Assert.Equal("DiscoveryTests.DiscoveredInnerAsync", inner.Name);
        Assert.Equal(explicitTask.Id, inner.ParentId);
        Assert.False(inner.Cancellable);
        Assert.Equal(CancelOutcome.NotCancellable, (await monitor.CancelAsync(inner.Id, TimeSpan.FromSeconds(1))).Outcome);

        release.SetResult();
        await run;
        await Wait.UntilAsync(() => monitor.GetTerminated(new TerminatedQuery { Filter = "DiscoveredInnerAsync" }).Items.Count == 1, "inner terminated");
        var record = monitor.GetTerminated(new TerminatedQuery { Filter = "DiscoveredInnerAsync" }).Items.Single();
        Assert.Equal(TaskOutcome.Completed, record.Outcome);
        Assert.Equal(TaskOrigin.Discovered, record.Origin);
    }

    [Fact]
    public async Task A_discovered_task_created_inside_a_discovered_task_resumption_has_it_as_parent()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        var release = new TaskCompletionSource();
        var run = Task.Run(() => ResumingParentAsync(release.Task));

        await Wait.UntilAsync(() => Find(monitor, "ChildAfterResumeAsync") is not null, "child discovered");
        var parent = Find(monitor, "ResumingParentAsync")!;
        var child = Find(monitor, "ChildAfterResumeAsync")!;
        Assert.Equal(parent.Id, child.ParentId);
        release.SetResult();
        await run;
    }

    [Fact]
    public void Switching_discovery_before_the_start_decides_the_start_and_leaves_the_callers_options_alone()
    {
        var options = new TaskmonOptions { Terminal = { Enabled = false } };
        Assert.Equal(DiscoveryLevel.Pending, options.Discovery); // the default on JIT
        using var monitor = TaskMonitor.Create(options, null);
        monitor.DiscoveryLevel = DiscoveryLevel.Full;
        Assert.Equal(DiscoveryLevel.Full, monitor.DiscoveryLevel);
        Assert.Equal(DiscoveryLevel.Pending, options.Discovery);

        monitor.Activate();
        Assert.Equal(DiscoveryLevel.Full, monitor.GetStatus().Level);
        Assert.Equal(DiscoveryLevel.Pending, options.Discovery);
    }

    [Fact]
    public async Task Discovery_can_be_switched_off_and_on_at_run_time()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off });
        var release = new TaskCompletionSource();
        Assert.False(monitor.DiscoveryEnabled);
        var before = DiscoveredInnerAsync(release.Task);
        Assert.Null(Find(monitor, "DiscoveredInnerAsync"));

        monitor.DiscoveryEnabled = true;
        var during = DiscoveredInnerAsync(release.Task);
        await Wait.UntilAsync(() => Find(monitor, "DiscoveredInnerAsync") is not null, "discovered after switching on");
        Assert.Single(monitor.GetTasks(new TaskQuery { Filter = "DiscoveredInnerAsync" }).Items);
        Assert.True(monitor.GetStatus().Discovery);

        monitor.DiscoveryEnabled = false;
        Assert.Null(Find(monitor, "DiscoveredInnerAsync"));
        var after = DiscoveredInnerAsync(release.Task);
        Assert.Null(Find(monitor, "DiscoveredInnerAsync"));
        Assert.False(monitor.GetStatus().Discovery);

        monitor.DiscoveryEnabled = true;
        var again = DiscoveredInnerAsync(release.Task);
        await Wait.UntilAsync(() => Find(monitor, "DiscoveredInnerAsync") is not null, "discovered after switching on again");
        release.SetResult();
        await Task.WhenAll(before, during, after, again);
    }

    [Fact]
    public async Task A_faulted_discovered_task_keeps_its_exception_on_the_jit_runtime()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        await Assert.ThrowsAsync<FormatException>(() => FailingAsync());
        await Wait.UntilAsync(() => monitor.GetTerminated(new TerminatedQuery { Filter = nameof(FailingAsync) }).Items.Count == 1, "failure recorded");
        var record = monitor.GetTerminated(new TerminatedQuery { Filter = nameof(FailingAsync) }).Items.Single();
        Assert.Equal(TaskOutcome.Faulted, record.Outcome);
        Assert.Equal("FormatException: bad input", record.ExceptionSummary);
        Assert.Contains(nameof(FailingAsync), monitor.GetTerminationTrace(record.TraceId)!.ExceptionText, StringComparison.Ordinal);
    }

    internal static LiveTask? Find(TaskMonitor monitor, string text, TaskOrigin? origin = null) =>
        monitor.GetTasks(new TaskQuery { Filter = text, Origin = origin, Limit = 1000 }).Items.Select(i => i.Task).FirstOrDefault();

    private static async Task DiscoveredOuterAsync(Task release)
    {
        await DiscoveredInnerAsync(release);
    }

    private static async Task DiscoveredInnerAsync(Task release)
    {
        await release;
    }

    private static async Task ResumingParentAsync(Task release)
    {
        await Task.Yield();
        await ChildAfterResumeAsync(release);
    }

    private static async Task ChildAfterResumeAsync(Task release)
    {
        await release;
    }

    private static async Task FailingAsync()
    {
        await Task.Yield();
        throw new FormatException("bad input");
    }
}
