using Slice.IO;

namespace Slice.Execution;

/// <summary>
/// The records a tail or lag must hold back on a pipe: their bytes back to back in <see cref="HeldBytes"/>
/// (one copy, spilling past the hold budget) and a ring of (index, length) entries. No allocation per
/// record. Enforces <c>--max-record-size</c> while a record is being appended.
/// </summary>
internal sealed class RecordQueue(long recordLimit) : ISink, IDisposable
{
    private readonly HeldBytes _data = new();
    private long[] _indices = new long[64];
    private long[] _lengths = new long[64];
    private int _first;
    private int _count;
    private int _current = -1;

    public int Count => _count;

    public long FrontIndex => _indices[_first];

    /// <summary>Starts appending record number <paramref name="index"/>.</summary>
    public void Begin(long index)
    {
        if (_count == _indices.Length)
        {
            GrowRing();
        }

        int slot = (_first + _count) % _indices.Length;
        _indices[slot] = index;
        _lengths[slot] = 0;
        _current = slot;
        _count++;
    }

    /// <summary>Drops the record being appended (end of input was reached instead); nothing reads its bytes.</summary>
    public void Abort()
    {
        _count--;
        _current = -1;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        long length = _lengths[_current] + data.Length;
        if (length > recordLimit)
        {
            throw new RecordTooLargeException(recordLimit);
        }

        _data.Append(data);
        _lengths[_current] = length;
    }

    /// <summary>Writes the oldest held record.</summary>
    public void WriteFront(ISink sink) => _data.WriteRange(_data.Start, _data.Start + _lengths[_first], sink);

    public void PopFront()
    {
        _data.DropTo(_data.Start + _lengths[_first]);
        _first = (_first + 1) % _indices.Length;
        _count--;
    }

    /// <summary>Writes at most <paramref name="limit"/> held records with queue position p ≡ phase (mod step), p ≥ phase.</summary>
    public void WriteSelected(ISink sink, long phase, long step, long limit)
    {
        long offset = _data.Start;
        for (int j = 0; j < _count && limit > 0; j++)
        {
            long length = _lengths[(_first + j) % _lengths.Length];
            if (j >= phase && (j - phase) % step == 0)
            {
                _data.WriteRange(offset, offset + length, sink);
                limit--;
            }

            offset += length;
        }
    }

    public void Dispose() => _data.Dispose();

    private void GrowRing()
    {
        int size = _indices.Length;
        long[] indices = new long[size * 2];
        long[] lengths = new long[size * 2];
        for (int j = 0; j < _count; j++)
        {
            indices[j] = _indices[(_first + j) % size];
            lengths[j] = _lengths[(_first + j) % size];
        }

        _indices = indices;
        _lengths = lengths;
        _first = 0;
    }
}
