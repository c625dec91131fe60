using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Taskmon.Diagnostics;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;
using Taskmon.Tracking;

namespace Taskmon.Tests.Tracking;

/// <summary>
/// Full discovery's listener only appends to a per-thread buffer; records are built when the buffers drain. These
/// check what that must not change: a query sees everything that happened before it, a task's events from different
/// threads are taken in the order they happened, and a buffer the drain cannot keep up with drops (counted) rather
/// than stalls the app's thread.
/// </summary>
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class EventQueueTests
{
    [Fact]
    public async Task A_query_right_after_an_async_method_completes_sees_it_completed()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } });
        for (var i = 0; i < 20; i++)
        {
            await QuickAsync();
            Assert.Equal(i + 1, monitor.GetTerminated(new TerminatedQuery { Filter = nameof(QuickAsync), Limit = 1000 }).Items.Count);
            Assert.Equal(0, monitor.GetTasks(new TaskQuery { Filter = nameof(QuickAsync) }).TotalMatching);
        }

        var gate = new TaskCompletionSource();
        var waiting = WaitingAsync(gate.Task);
        Assert.Equal(1, monitor.GetTasks(new TaskQuery { Filter = nameof(WaitingAsync) }).TotalMatching);
        gate.SetResult();
        await waiting;
        Assert.Equal(0, monitor.GetTasks(new TaskQuery { Filter = nameof(WaitingAsync) }).TotalMatching);
        Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = nameof(WaitingAsync) }).Items);
    }

    [Fact]
    public async Task A_task_that_begins_on_one_thread_and_ends_on_another_is_one_record_with_its_runs()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } });
        var gate = new TaskCompletionSource(); // continuations run on the thread that completes it
        Task? started = null;
        var begin = new Thread(() => started = CrossThreadAsync(gate.Task)) { Name = "begins" };
        begin.Start();
        begin.Join();
        var end = new Thread(gate.SetResult) { Name = "ends" };
        end.Start();
        end.Join();
        Assert.True(started!.IsCompleted);

        var ended = Assert.Single(monitor.GetTerminated(new TerminatedQuery { Filter = nameof(CrossThreadAsync) }).Items);
        Assert.Equal(TaskOutcome.Completed, ended.Outcome);
        Assert.Equal(1, ended.Resumptions);
        Assert.True(ended.BusyTime > TimeSpan.Zero, "the run on the second thread is charged to the task");
        Assert.Equal(0, monitor.GetTasks(new TaskQuery { Filter = nameof(CrossThreadAsync) }).TotalMatching);
        Assert.Equal(0, monitor.GetStatus().EventsDropped);
    }

    [Fact]
    public void The_drain_takes_events_of_different_threads_in_the_order_they_were_raised()
    {
        var seen = new List<(TplEventKind Kind, int Id)>();
        using var queue = new EventQueue((EventBuffer _, ref TplEventEntry e, long _) => seen.Add((e.Kind, e.Id)), Log(), background: false);

        // The later events are appended first, from another thread (whose buffer is then the queue's first).
        var raisedFirst = DateTime.UtcNow.Ticks;
        var raisedLater = raisedFirst + 10;
        var other = new Thread(() =>
        {
            queue.Post(new TplEventEntry { Kind = TplEventKind.RunBegin, Id = 7, Timestamp = raisedLater });
            queue.Post(new TplEventEntry { Kind = TplEventKind.End, Id = 7, Timestamp = raisedLater + 2 });
        });
        other.Start();
        other.Join();
        queue.Post(new TplEventEntry { Kind = TplEventKind.Begin, Id = 7, Timestamp = raisedFirst });
        queue.Post(new TplEventEntry { Kind = TplEventKind.RunEnd, Id = 7, Timestamp = raisedLater + 1 });

        queue.Flush();
        Assert.Equal([(TplEventKind.Begin, 7), (TplEventKind.RunBegin, 7), (TplEventKind.RunEnd, 7), (TplEventKind.End, 7)], seen);
        Assert.Equal(4, queue.Drained);
    }

    [Fact]
    public void The_drain_leaves_events_raised_after_it_began_for_the_next_one()
    {
        var seen = new List<int>();
        using var queue = new EventQueue((EventBuffer _, ref TplEventEntry e, long _) => seen.Add(e.Id), Log(), background: false);
        var now = DateTime.UtcNow.Ticks;
        queue.Post(new TplEventEntry { Kind = TplEventKind.Begin, Id = 1, Timestamp = now });
        queue.Post(new TplEventEntry { Kind = TplEventKind.Begin, Id = 2, Timestamp = now + TimeSpan.TicksPerHour });
        queue.Flush();
        Assert.Equal([1], seen);
    }

    [Fact]
    public async Task A_full_buffer_counts_what_it_drops_and_never_blocks_the_thread_and_the_background_drain_empties_it()
    {
        var handled = 0L;
        var release = new ManualResetEventSlim();
        var handler = new TplEventHandler((EventBuffer _, ref TplEventEntry e, long _) =>
        {
            release.Wait(); // the drain is stuck behind the app
            Interlocked.Increment(ref handled);
        });
        using var queue = new EventQueue(handler, Log(), maxSegments: 2);
        try
        {
            await FillWhileTheDrainIsStuckAsync(queue, release, () => Interlocked.Read(ref handled));
        }
        finally
        {
            release.Set();
        }
    }

    private static async Task FillWhileTheDrainIsStuckAsync(EventQueue queue, ManualResetEventSlim release, Func<long> handled)
    {
        const int Capacity = 2 * EventBuffer.SegmentSize;
        const int Posted = Capacity + 1000;
        var accepted = 0;
        var producer = Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < Posted; i++)
                {
                    if (queue.Post(new TplEventEntry { Kind = TplEventKind.Begin, Id = i, Timestamp = DateTime.UtcNow.Ticks }))
                    {
                        accepted++;
                    }
                }
            },
            TaskCreationOptions.LongRunning);

        // The producer finishes while the drain is held up: appending never waits for it.
        await producer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(accepted, Capacity - EventBuffer.SegmentSize, Capacity);
        Assert.Equal(Posted - accepted, queue.Dropped);

        release.Set();
        await Wait.UntilAsync(() => handled() == accepted, $"the background drain took all {accepted} accepted events (handled {handled()})");
        Assert.True(queue.Post(new TplEventEntry { Kind = TplEventKind.Begin, Id = -1, Timestamp = DateTime.UtcNow.Ticks }), "room again once drained");
    }

    private static SelfLog Log() => new(NullLogger.Instance, null);

    private static async Task QuickAsync() => await Task.Yield();

    private static async Task WaitingAsync(Task gate) => await gate;

    private static async Task CrossThreadAsync(Task gate)
    {
        await gate;
        var until = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 1000);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(10);
        }
    }
}
