namespace Slice.IO;

/// <summary>
/// A forward reader over a source with one big reusable buffer. Sequential sources use read(2);
/// seekable ones use pread(2) over [offset, limit), so a cursor can cover any sub-range of a file and
/// skip bytes by moving the offset instead of reading them.
/// </summary>
internal sealed class InputBuffer
{
    private readonly Source _source;
    private readonly long _limit;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _offset;
    private bool _eof;

    public InputBuffer(Source source, int capacity)
        : this(source, capacity, source.Seekable ? source.Begin : 0, source.Seekable ? source.End : long.MaxValue)
    {
    }

    public InputBuffer(Source source, int capacity, long begin, long limit)
    {
        _source = source;
        _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(capacity, 16)); // only bytes a read filled are scanned
        _offset = begin;
        _limit = limit;
    }

    public Source Source => _source;

    public bool IsEof => _eof;

    /// <summary>Absolute file offset of the first unconsumed byte (seekable sources).</summary>
    public long Position => _offset - (_end - _start);

    /// <summary>End of the readable range (seekable sources).</summary>
    public long Limit => _limit;

    public ReadOnlySpan<byte> Available => _buffer.AsSpan(_start, _end - _start);

    public void Consume(int count) => _start += count;

    /// <summary>
    /// Reads more input after the unconsumed bytes (which move to the front; the buffer doubles when
    /// they fill it). Returns false at end of input, when nothing was added.
    /// </summary>
    public bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        if (_start > 0)
        {
            int kept = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, kept);
            _start = 0;
            _end = kept;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        Span<byte> free = _buffer.AsSpan(_end);
        int n;
        if (_source.Seekable)
        {
            long room = _limit - _offset;
            if (room <= 0)
            {
                _eof = true;
                return false;
            }

            if (room < free.Length)
            {
                free = free[..(int)room];
            }

            n = _source.ReadAt(_offset, free);
        }
        else
        {
            n = _source.Read(free);
        }

        if (n == 0)
        {
            _eof = true;
            return false;
        }

        _end += n;
        _offset += n;
        return true;
    }

    /// <summary>Skips up to count bytes; on a seekable source without reading them.</summary>
    public long Skip(long count)
    {
        long skipped = 0;
        int buffered = _end - _start;
        if (buffered > 0)
        {
            int take = (int)Math.Min(buffered, count);
            _start += take;
            skipped = take;
        }

        if (skipped == count)
        {
            return skipped;
        }

        if (_source.Seekable)
        {
            long move = Math.Min(count - skipped, _limit - _offset);
            _offset += move;
            return skipped + move;
        }

        while (skipped < count && Fill())
        {
            int take = (int)Math.Min(_end - _start, count - skipped);
            _start += take;
            skipped += take;
        }

        return skipped;
    }
}
