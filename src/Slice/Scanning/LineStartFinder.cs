using Slice.IO;

namespace Slice.Scanning;

/// <summary>
/// Finds the last line start (the position after a line feed, or the beginning) before a position,
/// searching backwards through a seekable source in small reads up to a distance limit. Remembers the
/// stretch it found free of line feeds, so walking back through one long line searches it once.
/// </summary>
internal sealed class LineStartFinder(Source source, long begin, long limit)
{
    private const int ReadSize = 64 * 1024;
    private byte[]? _buffer;
    private long _clearFrom = long.MaxValue; // [_clearFrom, _clearTo) holds no line feed
    private long _clearTo = long.MinValue;
    private bool _clearFromIsLineStart;

    /// <summary>The last line start at or before <paramref name="position"/>, or -1 when there is none within the limit.</summary>
    public long Find(long position)
    {
        long lowest = Math.Max(begin, position - limit);
        long searchEnd = position;
        long clearTo = position;
        if (position > _clearFrom && position <= _clearTo)
        {
            if (_clearFromIsLineStart)
            {
                return _clearFrom >= lowest ? _clearFrom : -1;
            }

            searchEnd = _clearFrom;
            clearTo = _clearTo;
        }

        _buffer ??= new byte[ReadSize];
        while (searchEnd > lowest)
        {
            long start = Math.Max(lowest, searchEnd - ReadSize);
            Span<byte> data = _buffer.AsSpan(0, (int)(searchEnd - start));
            source.ReadExactly(start, data);
            int i = data.LastIndexOf((byte)'\n');
            if (i >= 0)
            {
                return Remember(start + i + 1, clearTo, lineStart: true);
            }

            searchEnd = start;
        }

        return lowest == begin ? Remember(begin, clearTo, lineStart: true) : Remember(lowest, clearTo, lineStart: false);
    }

    private long Remember(long from, long to, bool lineStart)
    {
        _clearFrom = from;
        _clearTo = to;
        _clearFromIsLineStart = lineStart;
        return lineStart ? from : -1;
    }
}
