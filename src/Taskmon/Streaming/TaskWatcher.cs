namespace Taskmon.Streaming;

/// <summary>
/// One subscriber to the monitor's live frames (<see cref="TaskMonitor.Watch(TimeSpan?)"/>). It holds only the
/// number of the last frame it read: a watcher that reads slowly skips frames and gets the newest one as a full frame,
/// so its memory never grows. Dispose it to stop watching; when the last watcher goes, the producer stops.
/// </summary>
public sealed class TaskWatcher : IDisposable
{
    private readonly WatchHub _hub;
    private readonly Lock _gate = new();
    private TaskCompletionSource? _waiting;
    private long _lastSequence;
    private long _skipped;
    private bool _disposed;

    internal TaskWatcher(WatchHub hub, TimeSpan interval)
    {
        _hub = hub;
        Interval = interval;
    }

    /// <summary>The interval this watcher asked for; the producer runs at the shortest interval any watcher asks for.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Frames this watcher missed in all because it read too slowly.</summary>
    public long SkippedFrames => Interlocked.Read(ref _skipped);

    /// <summary>Waits for the next frame: a delta after the one read last, or a full frame after a gap.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The frame.</returns>
    /// <exception cref="ObjectDisposedException">The watcher was disposed.</exception>
    public async Task<WatchFrame> NextAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_hub.Latest is { } latest && latest.Sequence > _lastSequence)
                {
                    return Take(latest);
                }

                _waiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiting.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            waiting = _waiting;
            _waiting = null;
        }

        _hub.Remove(this);
        waiting?.TrySetResult();
    }

    /// <summary>The producer published a frame.</summary>
    internal void Wake()
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            waiting = _waiting;
            _waiting = null;
        }

        waiting?.TrySetResult();
    }

    private WatchFrame Take(PublishedFrame latest)
    {
        var first = _lastSequence == 0;
        var missed = first ? 0 : latest.Sequence - _lastSequence - 1;
        _lastSequence = latest.Sequence;
        if (missed == 0 && !first)
        {
            return latest.Delta;
        }

        _skipped += missed;
        return missed == 0 ? latest.AsFull : latest.AsFull with { Skipped = missed };
    }
}
