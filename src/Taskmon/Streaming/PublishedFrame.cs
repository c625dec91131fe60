namespace Taskmon.Streaming;

/// <summary>The producer's newest frame: the delta from the previous one and every live row, for watchers that need it whole.</summary>
internal sealed class PublishedFrame(WatchFrame delta, WatchRow[] all)
{
    private WatchFrame? _full;

    public long Sequence => Delta.Sequence;

    public WatchFrame Delta { get; } = delta;

    /// <summary>The same frame with every live task in Added: built once, on first need, shared by every watcher.</summary>
    public WatchFrame AsFull
    {
        get
        {
            if (Delta.Full)
            {
                return Delta;
            }

            var full = Volatile.Read(ref _full);
            if (full is null)
            {
                full = Delta with { Full = true, Added = all, Changed = [], Ended = [] };
                Volatile.Write(ref _full, full);
            }

            return full;
        }
    }
}
