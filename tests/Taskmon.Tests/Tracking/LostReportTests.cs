using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Tracking;

/// <summary>
/// Lost-task reports arrive on the finalizer thread, one per collected box: they must not walk the registry each
/// (RunTimeTests covers a real lost task end to end). The runtime's part is played through the event seam: begin
/// events for tasks whose objects are never seen, then one incomplete-async-method report per task.
/// </summary>
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class LostReportTests
{
    private const int Reports = 50;

    [Fact]
    public async Task Lost_reports_cost_no_registry_walk_on_the_finalizer_thread_and_the_next_sweep_matches_them_all()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, LostTasks = true });
        var release = new TaskCompletionSource();
        var fillers = Enumerable.Range(0, 5000).Select(_ => monitor.Run("filler", _ => release.Task)).ToList();
        for (var i = 0; i < Reports; i++)
        {
            monitor.Discovery.OnBegin(int.MaxValue - i, "Async: <LostProbe>d__7");
        }

        var probes = monitor.GetTasks(new TaskQuery { Filter = "LostProbe", Limit = 1000 }).Items.Select(i => i.Task.Id).Order().ToList();
        Assert.Equal(Reports, probes.Count);

        var walksBefore = monitor.Registry.Snapshots;
        for (var i = 0; i < Reports; i++)
        {
            monitor.Discovery.OnIncomplete("Taskmon.Tests.Tracking.LostReportTests+<LostProbe>d__7\n<>1__state: 1\n<>u__1: System.Runtime.CompilerServices.TaskAwaiter\n");
        }

        // At most a timer sweep that happened to run meanwhile; one walk per report would be 50.
        Assert.InRange(monitor.Registry.Snapshots - walksBefore, 0, 1);

        await Wait.UntilAsync(() => monitor.GetCounts().Lost == Reports, "every report matched by a sweep");
        Assert.Equal(0, monitor.GetTasks(new TaskQuery { Filter = "LostProbe", Limit = 1000 }).TotalMatching);
        var lost = monitor.GetTerminated(new TerminatedQuery { Outcome = TaskOutcome.Lost, Limit = 1000 }).Items;
        Assert.Equal(Reports, lost.Count);
        Assert.All(lost, t => Assert.StartsWith("stuck at await #1", t.ExceptionSummary, StringComparison.Ordinal));
        Assert.Equal(probes, lost.Select(t => t.Id).Order());

        release.SetResult();
        await Task.WhenAll(fillers);
    }
}
