using Slice.IO;

namespace Slice.Scanning;

/// <summary>
/// Backward element starts for characters and grapheme clusters: a block is segmented forward from a
/// position known to be a boundary and its element starts are replayed backwards. For characters any
/// byte that is not a UTF-8 continuation byte starts an element; for grapheme clusters the position
/// after a line feed always is a boundary (UAX #29 breaks after controls).
/// </summary>
internal sealed class SegmentBackwardScanner : BackwardScanner
{
    private readonly ISegmenter _segmenter;
    private readonly bool _graphemes;
    private readonly int _maxBlockSize;
    private int _blockSize = InitialBlockSize;
    private long[] _starts = new long[1024];
    private int _count;

    public SegmentBackwardScanner(Source source, long begin, long end, int blockSize, bool graphemes)
        : base(source, begin, end, InitialBlockSize)
    {
        _graphemes = graphemes;
        _segmenter = graphemes ? GraphemeSegmenter.Instance : Utf8Segmenter.Instance;
        _maxBlockSize = Math.Max(blockSize, InitialBlockSize);
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
            ReadOnlySpan<byte> data = ReadBlock(start, end);
            int length = data.Length;
            int sync = 0;
            if (start > Begin)
            {
                bool relaxed = size >= GraphemeSearchLimit;
                while (sync < length && !IsBoundary(data, sync, relaxed))
                {
                    sync++;
                }

                if (sync == length)
                {
                    size *= 2;
                    continue;
                }
            }

            _count = 0;
            int pos = sync;
            while (pos < length)
            {
                if (_count == _starts.Length)
                {
                    Array.Resize(ref _starts, _starts.Length * 2);
                }

                _starts[_count++] = start + pos;
                pos += _segmenter.Next(data[pos..], endOfInput: true);
            }

            return;
        }
    }

    /// <summary>
    /// Whether an element surely starts at block index i. A character starts at any non-continuation
    /// byte, and at any byte preceded by three continuation bytes (no sequence can reach it). Past
    /// <see cref="GraphemeSearchLimit"/> without a line feed, grapheme clusters resync at a character
    /// start (one cluster may then be split at that point: a 64 MiB line of combining marks).
    /// </summary>
    private bool IsBoundary(ReadOnlySpan<byte> block, int i, bool relaxed)
    {
        if (_graphemes && !relaxed)
        {
            return i > 0 && block[i - 1] == (byte)'\n';
        }

        return Utf8Segmenter.StartsElement(block[i])
            || (i >= 3 && !Utf8Segmenter.StartsElement(block[i - 1]) && !Utf8Segmenter.StartsElement(block[i - 2]) && !Utf8Segmenter.StartsElement(block[i - 3]));
    }

    private const int GraphemeSearchLimit = 64 << 20;

    private const int InitialBlockSize = 4096;
}
