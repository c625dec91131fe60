using Taskmon.Diagnostics;

namespace Taskmon.Streaming;

/// <summary>
/// The one producer behind every <see cref="TaskWatcher"/>: a dedicated thread (a timer would queue behind the very
/// thread-pool starvation it should report) that builds a frame each interval while anyone watches and ends when the
/// last watcher leaves, so nobody watching costs nothing. Watchers pull the newest frame; nothing is queued per watcher.
/// </summary>
internal sealed class WatchHub(FrameBuilder builder, SelfLog selfLog)
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private readonly List<TaskWatcher> _watchers = [];
    private readonly AutoResetEvent _wake = new(false);
    private PublishedFrame? _latest;
    private Thread? _thread;
    private long _sequence;
    private bool _stopped;

    public PublishedFrame? Latest => Volatile.Read(ref _latest);

    /// <summary>Whether the producer thread runs (someone watches).</summary>
    public bool Producing
    {
        get
        {
            lock (_gate)
            {
                return _thread is not null;
            }
        }
    }

    public TaskWatcher Add(TimeSpan interval)
    {
        var watcher = new TaskWatcher(this, interval < MinInterval ? MinInterval : interval > MaxInterval ? MaxInterval : interval);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            _watchers.Add(watcher);
            if (_thread is null)
            {
                _thread = new Thread(Produce) { IsBackground = true, Name = "taskmon watch" };
                _thread.Start();
            }
        }

        _wake.Set(); // a shorter interval takes effect at once
        return watcher;
    }

    public void Remove(TaskWatcher watcher)
    {
        lock (_gate)
        {
            _watchers.Remove(watcher);
        }

        _wake.Set();
    }

    /// <summary>The monitor is disposed: the producer ends and no watcher can be added.</summary>
    public void Stop()
    {
        TaskWatcher[] watchers;
        lock (_gate)
        {
            _stopped = true;
            watchers = [.. _watchers];
        }

        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }
    }

    private void Produce()
    {
        builder.Start();
        while (true)
        {
            TaskWatcher[] watchers;
            lock (_gate)
            {
                if (_watchers.Count == 0 || _stopped)
                {
                    // Under the lock, so a producer started next finds the builder stopped.
                    builder.Stop();
                    _thread = null;
                    Volatile.Write(ref _latest, null);
                    return;
                }

                watchers = [.. _watchers];
            }

            var interval = watchers.Min(static w => w.Interval);
            try
            {
                Volatile.Write(ref _latest, builder.Next(++_sequence));
            }
            catch (Exception ex)
            {
                selfLog.Fault("watch frame", ex);
            }

            foreach (var watcher in watchers)
            {
                watcher.Wake();
            }

            Wait(interval);
        }
    }

    /// <summary>Sleeps one interval; a new or departed watcher wakes it early only to re-read the interval.</summary>
    private void Wait(TimeSpan interval)
    {
        var due = DateTime.UtcNow + interval;
        while (true)
        {
            var left = due - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            _wake.WaitOne(left);
            lock (_gate)
            {
                if (_watchers.Count == 0 || _stopped)
                {
                    return;
                }

                var shortest = _watchers.Min(static w => w.Interval);
                if (shortest < interval)
                {
                    due -= interval - shortest;
                    interval = shortest;
                }
            }
        }
    }
}
