using Slice.IO;

namespace Slice.Scanning;

/// <summary>
/// Walks record starts backwards over [begin, end) of a seekable source, from <c>end</c>, so tails
/// and reverses read only what they print. Blocks read for the search are kept so records inside
/// them are written without another read.
/// </summary>
internal abstract class BackwardScanner(Source source, long begin, long end)
{
    protected Source Source { get; } = source;

    protected long Begin { get; } = begin;

    /// <summary>A record boundary: initially the end of the range.</summary>
    public long Current { get; protected set; } = end;

    /// <summary>Moves to the start of the record that ends at <see cref="Current"/>; false at the beginning.</summary>
    public abstract bool MovePrevious();

    /// <summary>Moves back up to <paramref name="count"/> records; returns how many it moved.</summary>
    public long MoveBack(long count)
    {
        long moved = 0;
        while (moved < count && MovePrevious())
        {
            moved++;
        }

        return moved;
    }

    /// <summary>Writes [start, end) from the cached block when it is there, else with pread.</summary>
    public void Emit(long start, long end, Output output, int dropTail = 0)
    {
        end -= dropTail;
        if (end <= start)
        {
            return;
        }

        if (TryGetCached(start, end, out ReadOnlySpan<byte> span))
        {
            output.Write(span);
        }
        else
        {
            output.WriteFrom(Source, start, end - start);
        }
    }

    protected abstract bool TryGetCached(long start, long end, out ReadOnlySpan<byte> span);
}
