using Slice.IO;

namespace Slice.Scanning;

/// <summary>
/// The fallback for elements whose starts cannot be found backwards (grapheme clusters, delimiters
/// longer than a byte): one forward pass records every start, then they are replayed backwards.
/// Costs 8 bytes per record; only reverse ranges in those modes use it.
/// </summary>
internal sealed class OffsetListScanner : BackwardScanner
{
    private readonly long[] _starts;
    private int _count;

    private OffsetListScanner(Source source, long begin, long end, long[] starts, int count)
        : base(source, begin, end, blockSize: 0) // no block: every record is written with pread
    {
        _starts = starts;
        _count = count;
    }

    public static OffsetListScanner Build(SliceMode mode, Source source, long begin, long end, int blockSize)
    {
        InputBuffer input = new(source, blockSize, begin, end);
        RecordCursor cursor = mode.CreateCursor(input);
        long[] starts = new long[1024];
        int count = 0;
        while (true)
        {
            long position = input.Position;
            if (cursor.Advance(1, null) == 0)
            {
                break;
            }

            if (count == starts.Length)
            {
                Array.Resize(ref starts, starts.Length * 2);
            }

            starts[count++] = position;
        }

        return new OffsetListScanner(source, begin, end, starts, count);
    }

    protected override bool StepBack()
    {
        if (_count == 0)
        {
            return false;
        }

        Current = _starts[--_count];
        return true;
    }
}
