using Slice.IO;

namespace Slice.Scanning;

/// <summary>Backward record starts for a one-byte terminator, with vectorized <c>LastIndexOf</c>.</summary>
internal sealed class DelimitedBackwardScanner : BackwardScanner
{
    private readonly byte _delimiter;
    private int _loadSize = 16 * 1024;

    public DelimitedBackwardScanner(Source source, long begin, long end, byte delimiter, int blockSize)
        : base(source, begin, end, blockSize)
    {
        _delimiter = delimiter;
    }

    protected override bool StepBack()
    {
        if (Current <= Begin)
        {
            return false;
        }

        // The record ending at Current owns the byte before it (its terminator, or the last byte of
        // an unterminated final record), so the previous terminator lies strictly before that.
        long searchEnd = Current - 1;
        while (searchEnd > Begin)
        {
            if (searchEnd <= BlockStart || searchEnd > BlockEnd)
            {
                Load(searchEnd);
            }

            int i = Block[..(int)(searchEnd - BlockStart)].LastIndexOf(_delimiter);
            if (i >= 0)
            {
                Current = BlockStart + i + 1;
                return true;
            }

            searchEnd = BlockStart;
        }

        Current = Begin;
        return true;
    }

    private void Load(long blockEnd)
    {
        // Small first: a short tail reads a few KiB; long walks double up to the full block size.
        long blockStart = Math.Max(Begin, blockEnd - Math.Min(_loadSize, BlockCapacity));
        _loadSize = Math.Min(_loadSize * 2, BlockCapacity);
        ReadBlock(blockStart, blockEnd);
    }
}
