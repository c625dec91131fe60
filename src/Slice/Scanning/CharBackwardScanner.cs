using Slice.IO;

namespace Slice.Scanning;

/// <summary>
/// Backward character starts: any byte that is not a UTF-8 continuation byte starts an element, so
/// a block is segmented forward from its first such byte and its element starts are replayed backwards.
/// </summary>
internal sealed class CharBackwardScanner : BackwardScanner
{
    private readonly int _maxBlockSize;
    private int _blockSize = 4096;
    private byte[] _block;
    private long _blockStart;
    private long _blockEnd;
    private long[] _starts = new long[1024];
    private int _count;

    public CharBackwardScanner(Source source, long begin, long end, int blockSize)
        : base(source, begin, end)
    {
        _maxBlockSize = Math.Max(blockSize, 4096);
        _block = new byte[_blockSize];
        _blockStart = _blockEnd = end;
    }

    public override bool MovePrevious()
    {
        if (Current <= Begin)
        {
            return false;
        }

        if (_count == 0)
        {
            Segment(Current);
        }

        Current = _starts[--_count];
        return true;
    }

    /// <summary>Fills the start list with the element starts in a block ending at <paramref name="end"/>.</summary>
    private void Segment(long end)
    {
        // Small first: a short tail reads a few KiB; long walks double up to the full block size.
        int size = _blockSize;
        _blockSize = Math.Min(_blockSize * 2, _maxBlockSize);
        while (true)
        {
            long start = Math.Max(Begin, end - size);
            int length = (int)(end - start);
            if (_block.Length < length)
            {
                _block = new byte[length];
            }

            Source.ReadExactly(start, _block.AsSpan(0, length));
            int sync = 0;
            if (start > Begin)
            {
                while (sync < length && !Utf8Segmenter.StartsElement(_block[sync]))
                {
                    sync++;
                }

                if (sync == length)
                {
                    size *= 2;
                    continue;
                }
            }

            _blockStart = start;
            _blockEnd = end;
            _count = 0;
            ReadOnlySpan<byte> data = _block.AsSpan(0, length);
            int pos = sync;
            while (pos < length)
            {
                if (_count == _starts.Length)
                {
                    Array.Resize(ref _starts, _starts.Length * 2);
                }

                _starts[_count++] = start + pos;
                pos += Utf8Segmenter.Instance.Next(data[pos..], endOfInput: true);
            }

            return;
        }
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
