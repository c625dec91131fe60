using Slice.IO;

namespace Slice.Scanning;

/// <summary>
/// Backward element starts for characters and grapheme clusters: a block is segmented forward from a
/// position known to be a boundary and its element starts are replayed backwards. For characters any
/// byte that is not a UTF-8 continuation byte starts an element; for grapheme clusters the position
/// after a line feed always is a boundary (UAX #29 breaks after controls). Memory stays bounded by the
/// block size whatever the line length: a block with no line feed is segmented from the line's start
/// keeping only its newest starts, and a line longer than <see cref="GraphemeSearchLimit"/> resyncs
/// at a character start inside the block.
/// </summary>
internal sealed class SegmentBackwardScanner : BackwardScanner
{
    private const int GraphemeSearchLimit = 64 << 20;
    private const int InitialBlockSize = 4096;
    private const int MaxKeptStarts = 4 << 20;
    private readonly ISegmenter _segmenter;
    private readonly LineStartFinder? _lines;
    private readonly int _maxBlockSize;
    private int _blockSize = InitialBlockSize;
    private int _keptStarts = 64 * 1024;
    private long[] _starts = new long[1024];
    private int _count;

    public SegmentBackwardScanner(Source source, long begin, long end, int blockSize, bool graphemes)
        : base(source, begin, end, InitialBlockSize)
    {
        _segmenter = graphemes ? GraphemeSegmenter.Instance : Utf8Segmenter.Instance;
        _lines = graphemes ? new LineStartFinder(source, begin, GraphemeSearchLimit) : null;
        _maxBlockSize = Math.Max(blockSize, InitialBlockSize);
    }

    protected override bool StepBack()
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

    /// <summary>Fills the start list with element starts ending at <paramref name="end"/> (at least one).</summary>
    private void Segment(long end)
    {
        // Small first: a short tail reads a few KiB; long walks double up to the full block size.
        int size = _blockSize;
        _blockSize = Math.Min(_blockSize * 2, _maxBlockSize);
        long start = Math.Max(Begin, end - size);
        ReadOnlySpan<byte> data = ReadBlock(start, end);
        int sync = 0;
        if (start > Begin)
        {
            if (_lines is null)
            {
                sync = CharacterSync(data);
            }
            else
            {
                // The position after a line feed inside the block (not at its end) is a boundary.
                int lineFeed = data[..^1].IndexOf((byte)'\n');
                if (lineFeed >= 0)
                {
                    sync = lineFeed + 1;
                }
                else if (_lines.Find(start) is >= 0 and long lineStart)
                {
                    SegmentFrom(lineStart, end);
                    return;
                }
                else
                {
                    sync = CharacterSync(data); // a line too long to resync at a line feed
                }
            }
        }

        _count = 0;
        for (int pos = sync; pos < data.Length; pos += _segmenter.Next(data[pos..], endOfInput: true))
        {
            Keep(start + pos);
        }
    }

    /// <summary>
    /// Segments [lineStart, end) forward in bounded reads, keeping only the newest starts (a window that
    /// doubles each time the same long line is walked further back), so memory does not follow the line.
    /// </summary>
    private void SegmentFrom(long lineStart, long end)
    {
        int capacity = _keptStarts;
        _keptStarts = Math.Min(_keptStarts * 2, MaxKeptStarts);
        InputBuffer input = new(Source, 64 * 1024, lineStart, end);
        RecordCursor cursor = new ElementCursor(input, _segmenter);
        _count = 0;
        long seen = 0;
        while (true)
        {
            long position = input.Position;
            if (cursor.Advance(1, null) == 0)
            {
                break;
            }

            if (_count < capacity)
            {
                Keep(position);
            }
            else
            {
                _starts[seen % capacity] = position;
            }

            seen++;
        }

        if (seen > capacity)
        {
            // The ring's oldest entry sits at seen % capacity: rotate it to the front.
            Span<long> ring = _starts.AsSpan(0, capacity);
            int oldest = (int)(seen % capacity);
            ring[..oldest].Reverse();
            ring[oldest..].Reverse();
            ring.Reverse();
        }
    }

    private void Keep(long position)
    {
        if (_count == _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
        }

        _starts[_count++] = position;
    }

    /// <summary>
    /// The first block index where a character surely starts: a non-continuation byte, or any byte
    /// preceded by three continuation bytes (no sequence can reach it).
    /// </summary>
    private static int CharacterSync(ReadOnlySpan<byte> block)
    {
        int i = 0;
        while (i < block.Length - 1 && !Utf8Segmenter.StartsElement(block[i])
            && !(i >= 3 && !Utf8Segmenter.StartsElement(block[i - 1]) && !Utf8Segmenter.StartsElement(block[i - 2]) && !Utf8Segmenter.StartsElement(block[i - 3])))
        {
            i++;
        }

        return i;
    }
}
