using System.Collections.Concurrent;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.State;
using Taskmon.Tests.Support;
using Taskmon.Tracking;

namespace Taskmon.Tests.Tracking;

/// <summary>
/// Full discovery's drain keeps a task that begins and ends within one drain to itself: straight from its events to the
/// history, never in the live list. These tests play the runtime's events (with their own timestamps) while the drains
/// are held, so that a chosen set of events goes to one drain.
/// </summary>
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class DrainTests
{
    private const string ParentOperation = "Async: <DrainParentProbe>d__0";
    private const string ChildOperation = "Async: <DrainChildProbe>d__1";
    private const int ExecutionWork = 2;
    private const int CompletedStatus = 1;
    private const int CancelledStatus = 2;

    // Far from the ids of the test process's own tasks (counted up from 1).
    private const int ParentId = int.MaxValue - 1001;
    private const int ChildId = int.MaxValue - 1002;

    [Fact]
    public void A_task_that_begins_and_ends_within_one_drain_goes_to_the_history_with_its_parent_method_site_and_times_and_is_never_listed()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } });
        var discovery = monitor.Discovery;
        var queue = discovery.Queue!;
        var listed = Listed(monitor);
        var t0 = DateTime.UtcNow.Ticks - TimeSpan.TicksPerSecond;
        queue.Held = true;
        try
        {
            // The parent begins and runs; inside its run the child begins, and ends 3 ms later; the run ends.
            discovery.OnBegin(ParentId, ParentOperation, t0);
            discovery.OnRunBegin(ParentId, ExecutionWork, t0 + TimeSpan.TicksPerMillisecond);
            BeginChildHere(discovery, t0 + (2 * TimeSpan.TicksPerMillisecond));
            discovery.OnEnd(ChildId, CancelledStatus, t0 + (5 * TimeSpan.TicksPerMillisecond));
            discovery.OnRunEnd(ExecutionWork, t0 + (6 * TimeSpan.TicksPerMillisecond));
        }
        finally
        {
            queue.Held = false;
        }

        var child = Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = "DrainChildProbe" }).Items);
        var parent = DiscoveryTests.Find(monitor, "DrainParentProbe");
        Assert.NotNull(parent);
        Assert.Equal(parent.Id, child.ParentId);
        Assert.Equal(TaskOutcome.Cancelled, child.Outcome);
        Assert.Equal(TaskOrigin.Discovered, child.Origin);
        Assert.Equal("DrainChildProbe", child.Method);
        Assert.NotNull(child.Site);
        Assert.Equal(nameof(BeginChildHere), child.Site.Member[(child.Site.Member.LastIndexOf('.') + 1)..]);
        Assert.Equal(TimeSpan.FromMilliseconds(3), child.TerminatedAt - child.StartedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(5), parent.BusyTime);
        Assert.Equal(1, parent.Resumptions);

        // Only the parent, still pending when the drain ended, went into the live list.
        Assert.Equal([ParentOperation], Probes(listed));
    }

    [Fact]
    public void A_task_pending_at_the_end_of_a_drain_becomes_live_and_its_later_runs_and_end_find_it()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } });
        var discovery = monitor.Discovery;
        var listed = Listed(monitor);
        var t0 = DateTime.UtcNow.Ticks - TimeSpan.TicksPerSecond;

        discovery.OnBegin(ParentId, ParentOperation, t0);
        var live = DiscoveryTests.Find(monitor, "DrainParentProbe");
        Assert.NotNull(live);
        Assert.Equal([ParentOperation], Probes(listed));

        // A later drain: a run of 4 ms, then the end.
        discovery.OnRunBegin(ParentId, ExecutionWork, t0 + TimeSpan.TicksPerMillisecond);
        discovery.OnRunEnd(ExecutionWork, t0 + (5 * TimeSpan.TicksPerMillisecond));
        var resumed = DiscoveryTests.Find(monitor, "DrainParentProbe");
        Assert.NotNull(resumed);
        Assert.Equal(live.Id, resumed.Id);
        Assert.Equal(1, resumed.Resumptions);
        Assert.Equal(TimeSpan.FromMilliseconds(4), resumed.BusyTime);

        discovery.OnEnd(ParentId, CompletedStatus, t0 + (7 * TimeSpan.TicksPerMillisecond));
        var ended = Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = "DrainParentProbe" }).Items);
        Assert.Equal(live.Id, ended.Id);
        Assert.Equal(TaskOutcome.Completed, ended.Outcome);
        // Each drain turns the events' clock into the monitor's against its own reading of both: a few microseconds apart.
        Assert.InRange(ended.TerminatedAt - ended.StartedAt, TimeSpan.FromMilliseconds(6.9), TimeSpan.FromMilliseconds(7.1));
        Assert.Null(DiscoveryTests.Find(monitor, "DrainParentProbe"));
        Assert.Equal([ParentOperation], Probes(listed));
    }

    [Fact]
    public async Task A_task_pending_across_background_drains_is_listed_only_when_a_query_looks_and_otherwise_ends_unlisted()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } });
        var discovery = monitor.Discovery;
        var queue = discovery.Queue!;
        var listed = Listed(monitor);
        var t0 = DateTime.UtcNow.Ticks - TimeSpan.TicksPerSecond;

        // Ids a little above the runtime's own, as a real task's would be.
        var childId = new Task(static () => { }).Id + 100_000;
        var parentId = childId + 10;

        // The once-a-second sweep lists too (it reads the lists): start right after one, and try again if one came in
        // between anyway (a slow machine).
        for (var attempt = 0; ; attempt++, childId++)
        {
            var sweeps = monitor.Registry.Snapshots;
            await Wait.UntilAsync(() => monitor.Registry.Snapshots > sweeps, "a sweep");
            sweeps = monitor.Registry.Snapshots;

            // The child begins; the background thread drains it (no query in between: a query would list it).
            var drained = queue.Drained;
            discovery.OnBegin(childId, ChildOperation, t0);
            await Wait.UntilAsync(() => queue.Drained > drained, "a background drain");
            var listedAfterBegin = Probes(listed);

            // It ends; another background drain settles it from the drain's own records.
            drained = queue.Drained;
            discovery.OnEnd(childId, CompletedStatus, t0 + (3 * TimeSpan.TicksPerMillisecond));
            await Wait.UntilAsync(() => queue.Drained > drained, "a second background drain");
            if (monitor.Registry.Snapshots != sweeps && attempt < 2)
            {
                continue;
            }

            Assert.Empty(listedAfterBegin);
            var ended = Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = "DrainChildProbe" }).Items);

            // Two drains turn the events' clock into the monitor's against their own readings: microseconds apart.
            Assert.InRange(ended.TerminatedAt - ended.StartedAt, TimeSpan.FromMilliseconds(2.9), TimeSpan.FromMilliseconds(3.1));
            Assert.Empty(Probes(listed));
            break;
        }

        // A task still pending when a query comes is listed by that query's drain, and found.
        discovery.OnBegin(parentId, ParentOperation, t0 + (5 * TimeSpan.TicksPerMillisecond));
        Assert.NotNull(DiscoveryTests.Find(monitor, "DrainParentProbe"));
        Assert.Equal([ParentOperation], Probes(listed));
    }

    [Fact]
    public void More_short_tasks_in_one_drain_than_the_history_holds_keep_the_newest_entries_and_count_all()
    {
        // Only cancellations are stored (RecordCompleted off), so the test process's own tasks ending in the same drain
        // take no slot of the four.
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, HistoryCapacity = 4, RecordCompleted = false, Terminal = { Enabled = false } });
        var discovery = monitor.Discovery;
        var queue = discovery.Queue!;
        var cancelledBefore = monitor.GetCounts().Cancelled;
        var t0 = DateTime.UtcNow.Ticks - TimeSpan.TicksPerSecond;
        const long Ms = TimeSpan.TicksPerMillisecond;

        // Ten short tasks in one drain; the i-th runs i milliseconds.
        queue.Held = true;
        for (var i = 1; i <= 10; i++)
        {
            discovery.OnBegin(ChildId - i, ChildOperation, t0 + (i * 20 * Ms));
            discovery.OnEnd(ChildId - i, CancelledStatus, t0 + (i * 20 * Ms) + (i * Ms));
        }

        queue.Held = false;
        var kept = monitor.GetTerminated(new TerminatedQuery { Filter = "DrainChildProbe" }).Items;
        Assert.Equal([10.0, 9.0, 8.0, 7.0], kept.Select(e => Math.Round((e.TerminatedAt - e.StartedAt).TotalMilliseconds, 1)));
        Assert.Equal(cancelledBefore + 10, monitor.GetCounts().Cancelled);

        // Numbered in the order they ended, as if the six overwritten ones had been stored too (trace ids are those numbers).
        var numbers = kept.Select(e => TraceIds.TryParse(e.TraceId, out var sequence) ? sequence : -1).ToArray();
        Assert.Equal([numbers[0], numbers[0] - 1, numbers[0] - 2, numbers[0] - 3], numbers);
        Assert.Null(DiscoveryTests.Find(monitor, "DrainChildProbe"));
    }

    [Fact]
    public void A_task_that_ended_inside_a_run_still_open_is_not_reused_while_the_run_is_open()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } });
        var discovery = monitor.Discovery;
        var queue = discovery.Queue!;
        var t0 = DateTime.UtcNow.Ticks - TimeSpan.TicksPerSecond;
        const long Ms = TimeSpan.TicksPerMillisecond;

        // One drain: the parent probe begins, runs, and ends inside that run (its run's end comes later).
        queue.Held = true;
        discovery.OnBegin(ParentId, ParentOperation, t0);
        discovery.OnRunBegin(ParentId, ExecutionWork, t0 + Ms);
        discovery.OnEnd(ParentId, CompletedStatus, t0 + (2 * Ms));
        queue.Held = false;
        Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = "DrainParentProbe" }).Items);

        // The next drain: on another thread the child probe begins and runs 4 ms; the parent's run ends in between.
        queue.Held = true;
        var other = new Thread(() =>
        {
            discovery.OnBegin(ChildId, ChildOperation, t0 + (3 * Ms));
            discovery.OnRunBegin(ChildId, ExecutionWork, t0 + (4 * Ms));
            discovery.OnRunEnd(ExecutionWork, t0 + (8 * Ms));
            discovery.OnEnd(ChildId, CompletedStatus, t0 + (9 * Ms));
        });
        other.Start();
        other.Join();
        discovery.OnRunEnd(ExecutionWork, t0 + (5 * Ms));
        queue.Held = false;

        // Had the parent's record been made the child's, the parent's run end would have charged the child 1 ms.
        var child = Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = "DrainChildProbe" }).Items);
        Assert.Equal(1, child.Resumptions);
        Assert.Equal(TimeSpan.FromMilliseconds(4), child.BusyTime);
        var parent = Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = "DrainParentProbe" }).Items);
        Assert.NotEqual(parent.Id, child.Id);
    }

    [Fact]
    public async Task After_a_full_buffer_dropped_events_a_task_whose_end_event_was_lost_is_ended_by_its_task_object()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } });
        var discovery = monitor.Discovery;
        var queue = discovery.Queue!;

        // A task the events began, whose object the runtime's table holds (as ReusedIdTests play it). The runtime makes
        // the table at the first async method that suspends with it on.
        await Task.Run(static async () => await Task.Yield());
        var probe = new TaskCompletionSource();
        discovery.OnBegin(ParentId, ParentOperation);
        var table = ActiveTaskTable.ReadTable();
        Assert.NotNull(table);
        lock (table)
        {
            table[ParentId] = probe.Task;
        }

        await Wait.UntilAsync(() => monitor.Registry.ById(DiscoveryTests.Find(monitor, "DrainParentProbe")?.Id ?? 0) is { WeakTask: not null }, "probe discovered with its task object");

        // This thread's buffer fills while the drain is held: its events past the bound are dropped, the probe's end too.
        queue.Held = true;
        var capacity = EventBuffer.SegmentSize * EventQueue.DefaultMaxSegments;
        for (var i = 0; i <= capacity; i++)
        {
            discovery.OnRunEnd(ExecutionWork);
        }

        discovery.OnEnd(ParentId, CompletedStatus);
        queue.Held = false;
        Assert.True(discovery.EventsDropped > 0, "no event was dropped");
        probe.SetResult();

        // The sweep (each second) ends it at its second sighting of the completed object.
        await Wait.UntilAsync(() => monitor.GetTerminated(new TerminatedQuery { Filter = "DrainParentProbe" }).Items.Count == 1, "probe ended by its task object", 30_000);
        Assert.Equal(TaskOutcome.Completed, monitor.GetTerminated(new TerminatedQuery { Filter = "DrainParentProbe" }).Items[0].Outcome);
        Assert.Null(DiscoveryTests.Find(monitor, "DrainParentProbe"));
    }

    /// <summary>The operation names of the records put in the live list from now on (other tests' tasks included).</summary>
    private static ConcurrentQueue<TaskRecord> Listed(TaskMonitor monitor)
    {
        var listed = new ConcurrentQueue<TaskRecord>();
        monitor.Registry.Listing = listed.Enqueue;
        return listed;
    }

    private static string[] Probes(ConcurrentQueue<TaskRecord> listed) =>
        [.. listed.Select(record => record.OperationName).OfType<string>().Where(name => name is ParentOperation or ChildOperation)];

    /// <summary>The child's begin event, raised here: its creation site (one stack per site) is this method.</summary>
    private static void BeginChildHere(Taskmon.Tracking.Discovery discovery, long timestamp) => discovery.OnBegin(ChildId, ChildOperation, timestamp);
}
