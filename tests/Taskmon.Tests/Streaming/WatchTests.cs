using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Streaming;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Streaming;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class WatchTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_slow_watcher_skips_frames_and_gets_one_full_frame_of_the_newest_state()
    {
        using var monitor = TaskMonitor.Start();
        using var stop = new CancellationTokenSource();
        var ends = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource()).ToArray();
        for (var i = 0; i < 5; i++)
        {
            var end = ends[i].Task;
            _ = monitor.Run($"watched-{i}", _ => end);
        }

        using var slow = monitor.Watch(Fast);
        using var fast = monitor.Watch(Fast);
        var first = await slow.NextAsync();
        Assert.True(first.Full);
        Assert.Equal(5, first.Added.Count(r => r.Name.StartsWith("watched-", StringComparison.Ordinal)));

        // The fast watcher reads 30 frames while the slow one reads none; two tasks end meanwhile.
        var endedIds = first.Added.Where(r => r.Name is "watched-0" or "watched-1").Select(r => r.Id).ToArray();
        ends[0].SetResult();
        ends[1].SetResult();
        var rows = new Dictionary<long, WatchRow>();
        WatchFrame last = await fast.NextAsync();
        Apply(rows, last);
        for (var n = 0; n < 30; n++)
        {
            last = await fast.NextAsync();
            Apply(rows, last);
        }

        var caughtUp = await slow.NextAsync();
        Assert.True(caughtUp.Full);
        Assert.True(caughtUp.Skipped >= last.Sequence - first.Sequence - 1, $"skipped {caughtUp.Skipped}");
        Assert.True(caughtUp.Skipped >= 29, $"skipped {caughtUp.Skipped}");
        Assert.Equal(caughtUp.Skipped, slow.SkippedFrames);
        Assert.True(caughtUp.Sequence >= last.Sequence);
        var live = monitor.GetTasks(new TaskQuery { Filter = "watched-" }).Items.Select(i => i.Task.Id).Order().ToArray();
        Assert.Equal(3, live.Length);
        Assert.Equal(live, caughtUp.Added.Where(r => r.Name.StartsWith("watched-", StringComparison.Ordinal)).Select(r => r.Id).Order().ToArray());
        Assert.Empty(caughtUp.Changed);
        Assert.Empty(caughtUp.Ended);
        Assert.DoesNotContain(caughtUp.Added, r => endedIds.Contains(r.Id));
        Assert.DoesNotContain(rows.Keys, endedIds.Contains); // the fast watcher's deltas (or full frames) dropped them too

        // Caught up, it gets deltas again. A reader that is late again (a loaded machine can hold this thread past a
        // frame) gets a full frame that says how many it skipped; it must not stay on full frames.
        var previous = caughtUp;
        WatchFrame next;
        var reads = 0;
        do
        {
            next = await slow.NextAsync();
            Assert.Equal(next.Full, next.Sequence != previous.Sequence + 1);
            Assert.Equal(next.Sequence - previous.Sequence - 1, next.Skipped);
            previous = next;
        }
        while (next.Full && ++reads < 50);

        Assert.False(next.Full, "50 frames in a row came full after the watcher caught up");
        foreach (var end in ends)
        {
            end.TrySetResult();
        }
    }

    [Fact]
    public async Task Deltas_carry_new_changed_and_ended_tasks_with_busy_percent_over_the_interval()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        using var watcher = monitor.Watch(TimeSpan.FromMilliseconds(200));
        var rows = new Dictionary<long, WatchRow>();
        Apply(rows, await watcher.NextAsync());

        using var stop = new CancellationTokenSource();
        var spinner = Task.Run(() => SpinsAsync(stop.Token));
        WatchRow? seen = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen is null && DateTime.UtcNow < deadline)
        {
            var frame = await watcher.NextAsync();
            Apply(rows, frame);
            seen = frame.Changed.FirstOrDefault(r => r.Method.EndsWith(nameof(SpinsAsync), StringComparison.Ordinal) && r.BusyPercent > 5 && r.Resumptions > 1);
        }

        Assert.NotNull(seen);
        Assert.True(seen.BusyTime > TimeSpan.Zero);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => spinner);
        var ended = false;
        while (!ended && DateTime.UtcNow < deadline)
        {
            var frame = await watcher.NextAsync();
            Apply(rows, frame);
            ended = frame.Ended.Contains(seen.Id);
        }

        Assert.True(ended);
        Assert.False(rows.ContainsKey(seen.Id));
    }

    [Fact]
    public async Task Nobody_watching_stops_the_producer_and_a_new_watcher_starts_it_again()
    {
        using var monitor = TaskMonitor.Start();
        Assert.False(monitor.WatchHub.Producing);
        var watcher = monitor.Watch(Fast);
        Assert.True(monitor.WatchHub.Producing);
        await watcher.NextAsync();
        watcher.Dispose();
        await Wait.UntilAsync(() => !monitor.WatchHub.Producing, "producer stopped");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => watcher.NextAsync());

        using var again = monitor.Watch(Fast);
        Assert.True((await again.NextAsync()).Full);
    }

    [Fact]
    public async Task A_reader_blocked_in_NextAsync_is_released_when_the_monitor_is_disposed()
    {
        var monitor = TaskMonitor.Start();
        var watcher = monitor.Watch(TimeSpan.FromSeconds(60));
        await watcher.NextAsync();
        var waiting = watcher.NextAsync();
        monitor.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    internal static void Apply(Dictionary<long, WatchRow> rows, WatchFrame frame)
    {
        if (frame.Full)
        {
            rows.Clear();
        }

        foreach (var row in frame.Added.Concat(frame.Changed))
        {
            rows[row.Id] = row;
        }

        foreach (var id in frame.Ended)
        {
            rows.Remove(id);
        }
    }

    private static async Task SpinsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var until = Environment.TickCount64 + 20;
            while (Environment.TickCount64 < until)
            {
                Thread.SpinWait(100);
            }

            await Task.Delay(5, cancellationToken);
        }
    }
}
