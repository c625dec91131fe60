using Slice.IO;

namespace Slice.Scanning;

/// <summary>
/// Walks record starts backwards over [begin, end) of a seekable source, from <c>end</c>, so tails
/// and reverses read only what they print. The last block read for the search is kept so records
/// inside it are written without another read.
/// </summary>
internal abstract class BackwardScanner(Source source, long begin, long end, int blockSize)
{
    private byte[] _block = new byte[blockSize];

    protected Source Source { get; } = source;

    protected long Begin { get; } = begin;

    /// <summary>Where the block last read starts in the source.</summary>
    protected long BlockStart { get; private set; } = end;

    /// <summary>Where the block last read ends in the source.</summary>
    protected long BlockEnd { get; private set; } = end;

    /// <summary>The block last read: [<see cref="BlockStart"/>, <see cref="BlockEnd"/>) of the source.</summary>
    protected ReadOnlySpan<byte> Block => _block.AsSpan(0, (int)(BlockEnd - BlockStart));

    /// <summary>How much the block holds before it has to grow.</summary>
    protected int BlockCapacity => _block.Length;

    /// <summary>A record boundary: initially the end of the range.</summary>
    public long Current { get; protected set; } = end;

    /// <summary>
    /// The longest record a move may pass (<c>--max-record-size</c>, where the mode has unbounded records);
    /// a longer one ends the run with <see cref="RecordTooLargeException"/>, as it would on a pipe.
    /// </summary>
    public long RecordLimit { get; set; } = long.MaxValue;

    /// <summary>Moves to the start of the record that ends at <see cref="Current"/>; false at the beginning.</summary>
    public bool MovePrevious()
    {
        long end = Current;
        if (!StepBack())
        {
            return false;
        }

        if (end - Current > RecordLimit)
        {
            throw new RecordTooLargeException(RecordLimit);
        }

        return true;
    }

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

    /// <summary>Moves <see cref="Current"/> to the start of the record that ends there; false at the beginning.</summary>
    protected abstract bool StepBack();

    /// <summary>Writes [start, end) from the cached block when it is there, else with pread.</summary>
    public void Emit(long start, long end, Output output, int dropTail = 0)
    {
        end -= dropTail;
        if (end <= start)
        {
            return;
        }

        if (start >= BlockStart && end <= BlockEnd)
        {
            output.Write(_block.AsSpan((int)(start - BlockStart), (int)(end - start)));
        }
        else
        {
            output.WriteFrom(Source, start, end - start);
        }
    }

    /// <summary>Reads [start, end) of the source into the block, growing it when needed, and returns it.</summary>
    protected ReadOnlySpan<byte> ReadBlock(long start, long end)
    {
        int length = (int)(end - start);
        if (_block.Length < length)
        {
            _block = new byte[length];
        }

        Span<byte> block = _block.AsSpan(0, length);
        Source.ReadExactly(start, block);
        BlockStart = start;
        BlockEnd = end;
        return block;
    }
}
