using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.State;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Tracking;

/// <summary>
/// Runtime task ids are 32-bit and wrap while long-lived tasks live. Waiting for a real wrap takes about an hour, so
/// these tests play the runtime's part for a second task that begins under a live task's id: its begin, run and end
/// events go through the discovery's event seam, and its task object into the runtime's table, as the runtime does.
/// </summary>
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class ReusedIdTests
{
    private const string ProbeOperation = "Async: <ReusedIdProbe>d__0";
    private const int ExecutionWork = 2;
    private const int CompletedStatus = 1;
    private const int FaultedStatus = 3;

    [Fact]
    public async Task A_short_task_reusing_a_live_tasks_runtime_id_neither_ends_nor_charges_it()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        var (release, loop, loopId, tplId) = await StartLoopAsync(monitor);
        var before = Live(monitor, loopId)!;
        Assert.Equal(2, before.Resumptions);

        var probe = new TaskCompletionSource();
        BeginProbe(monitor, tplId, probe.Task);
        var probeView = DiscoveryTests.Find(monitor, "ReusedIdProbe");
        Assert.NotNull(probeView);
        monitor.Discovery.OnRunBegin(tplId, ExecutionWork);
        monitor.Discovery.OnRunEnd(ExecutionWork);
        monitor.Discovery.OnEnd(tplId, CompletedStatus);
        probe.SetResult();

        var ended = Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = "ReusedIdProbe" }).Items);
        Assert.Equal(probeView.Id, ended.Id);
        Assert.Equal(TaskOutcome.Completed, ended.Outcome);
        Assert.Equal(1, ended.Resumptions);
        var after = Live(monitor, loopId);
        Assert.NotNull(after);
        Assert.Equal(TaskState.Waiting, after.State);
        Assert.Equal(before.Resumptions, after.Resumptions);
        Assert.Equal(before.BusyTime, after.BusyTime);
        Assert.Empty(monitor.GetTerminated(new TerminatedQuery { Filter = nameof(LongLivedAsync) }).Items);

        // The id is the long-lived task's again: its next run is charged to it.
        monitor.Discovery.OnRunBegin(tplId, ExecutionWork);
        monitor.Discovery.OnRunEnd(ExecutionWork);
        Assert.Equal(before.Resumptions + 1, Live(monitor, loopId)!.Resumptions);

        release.SetResult();
        await loop;
        await Wait.UntilAsync(() => monitor.GetTerminated(new TerminatedQuery { Filter = nameof(LongLivedAsync) }).Items.Count == 1, "long-lived task ended");
        Assert.Equal(TaskOutcome.Completed, monitor.GetTerminated(new TerminatedQuery { Filter = nameof(LongLivedAsync) }).Items[0].Outcome);
    }

    [Fact]
    public async Task When_the_older_task_ends_while_its_id_is_shared_its_own_record_ends_and_the_newer_one_lives_on()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        var (release, loop, loopId, tplId) = await StartLoopAsync(monitor);

        var probe = new TaskCompletionSource();
        BeginProbe(monitor, tplId, probe.Task);
        release.SetResult();
        await loop;

        await Wait.UntilAsync(() => monitor.GetTerminated(new TerminatedQuery { Filter = nameof(LongLivedAsync) }).Items.Count == 1, "long-lived task ended");
        var ended = monitor.GetTerminated(new TerminatedQuery { Filter = nameof(LongLivedAsync) }).Items[0];
        Assert.Equal(loopId, ended.Id);
        Assert.Equal(TaskOutcome.Completed, ended.Outcome);
        Assert.NotNull(DiscoveryTests.Find(monitor, "ReusedIdProbe"));
        Assert.Empty(monitor.GetTerminated(new TerminatedQuery { Filter = "ReusedIdProbe" }).Items);

        monitor.Discovery.OnEnd(tplId, FaultedStatus);
        probe.SetException(new TimeoutException("probe failed"));
        var probeEnded = Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = "ReusedIdProbe" }).Items);
        Assert.Equal(TaskOutcome.Faulted, probeEnded.Outcome);
        Assert.Equal("TimeoutException: probe failed", probeEnded.ExceptionSummary);
    }

    [Fact]
    public async Task Without_task_objects_a_short_task_under_a_live_tasks_id_ends_itself_and_hands_the_id_back()
    {
        // As under Native AOT: no runtime task table, so records are told apart by begin order alone.
        var original = ActiveTaskTable.ReadTable;
        ActiveTaskTable.ReadTable = static () => throw new MissingFieldException("System.Threading.Tasks.Task", "s_currentActiveTasks");
        try
        {
            using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
            var release = new TaskCompletionSource();
            var loop = Task.Run(() => LongLivedAsync(release.Task));
            await Wait.UntilAsync(() => DiscoveryTests.Find(monitor, nameof(LongLivedAsync)) is { Resumptions: 2 }, "long-lived task discovered after two runs");
            var before = DiscoveryTests.Find(monitor, nameof(LongLivedAsync))!;
            var tplId = monitor.Registry.ById(before.Id)!.TplId;

            monitor.Discovery.OnBegin(tplId, ProbeOperation);
            monitor.Discovery.OnRunBegin(tplId, ExecutionWork);
            monitor.Discovery.OnRunEnd(ExecutionWork);
            monitor.Discovery.OnEnd(tplId, CompletedStatus);

            Assert.Equal(TaskOutcome.Completed, Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = "ReusedIdProbe" }).Items).Outcome);
            Assert.Equal(before.Resumptions, Live(monitor, before.Id)!.Resumptions);
            monitor.Discovery.OnRunBegin(tplId, ExecutionWork);
            monitor.Discovery.OnRunEnd(ExecutionWork);
            Assert.Equal(before.Resumptions + 1, Live(monitor, before.Id)!.Resumptions);

            release.SetResult();
            await loop;
            await Wait.UntilAsync(() => monitor.GetTerminated(new TerminatedQuery { Filter = nameof(LongLivedAsync) }).Items.Count == 1, "long-lived task ended by its own end event");
        }
        finally
        {
            ActiveTaskTable.ReadTable = original;
        }
    }

    /// <summary>A task begins under <paramref name="tplId"/>: the begin event, then its object goes into the runtime's table.</summary>
    private static void BeginProbe(TaskMonitor monitor, int tplId, Task task)
    {
        monitor.Discovery.OnBegin(tplId, ProbeOperation);
        var table = ActiveTaskTable.ReadTable();
        Assert.NotNull(table);
        lock (table)
        {
            table[tplId] = task;
        }
    }

    /// <summary>Starts the long-lived task and waits until it is discovered, suspended after two runs, with its object.</summary>
    private static async Task<(TaskCompletionSource Release, Task Loop, long Id, int TplId)> StartLoopAsync(TaskMonitor monitor)
    {
        var release = new TaskCompletionSource();
        var loop = Task.Run(() => LongLivedAsync(release.Task));
        TaskRecord? record = null;
        await Wait.UntilAsync(
            () => DiscoveryTests.Find(monitor, nameof(LongLivedAsync)) is { State: TaskState.Waiting, Resumptions: 2 } view
                && (record = monitor.Registry.ById(view.Id)) is { WeakTask: not null },
            "long-lived task discovered, waiting, with its task object");
        return (release, loop, record!.Id, record.TplId);
    }

    private static LiveTask? Live(TaskMonitor monitor, long id) =>
        monitor.GetTasks(new TaskQuery { Limit = 1000 }).Items.Select(i => i.Task).FirstOrDefault(t => t.Id == id);

    private static async Task LongLivedAsync(Task release)
    {
        await Task.Yield();
        await Task.Yield();
        await release;
    }
}
