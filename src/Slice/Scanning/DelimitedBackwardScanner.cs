using Slice.IO;

namespace Slice.Scanning;

/// <summary>Backward record starts for a one-byte terminator, with vectorized <c>LastIndexOf</c>.</summary>
internal sealed class DelimitedBackwardScanner : BackwardScanner
{
    private readonly byte _delimiter;
    private readonly byte[] _block;
    private int _loadSize = 16 * 1024;
    private long _blockStart;
    private long _blockEnd;

    public DelimitedBackwardScanner(Source source, long begin, long end, byte delimiter, int blockSize)
        : base(source, begin, end)
    {
        _delimiter = delimiter;
        _block = new byte[blockSize];
        _blockStart = _blockEnd = end;
    }

    public override bool MovePrevious()
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
            if (searchEnd <= _blockStart || searchEnd > _blockEnd)
            {
                Load(searchEnd);
            }

            int i = _block.AsSpan(0, (int)(searchEnd - _blockStart)).LastIndexOf(_delimiter);
            if (i >= 0)
            {
                Current = _blockStart + i + 1;
                return true;
            }

            searchEnd = _blockStart;
        }

        Current = Begin;
        return true;
    }

    private void Load(long blockEnd)
    {
        // Small first: a short tail reads a few KiB; long walks double up to the full block size.
        long blockStart = Math.Max(Begin, blockEnd - Math.Min(_loadSize, _block.Length));
        _loadSize = Math.Min(_loadSize * 2, _block.Length);
        Source.ReadExactly(blockStart, _block.AsSpan(0, (int)(blockEnd - blockStart)));
        _blockStart = blockStart;
        _blockEnd = blockEnd;
    }

    protected override bool TryGetCached(long start, long end, out ReadOnlySpan<byte> span)
    {
        if (start >= _blockStart && end <= _blockEnd)
        {
            span = _block.AsSpan((int)(start - _blockStart), (int)(end - start));
            return true;
        }

        span = default;
        return false;
    }
}
