using Slice.IO;

namespace Slice.Execution;

/// <summary>
/// The records a tail or lag must hold back on a pipe: their bytes back to back in one buffer (reused,
/// compacted, grown only when the held records need it) and a ring of (index, length) entries. No
/// allocation per record. Enforces <c>--max-record-size</c> while a record is being appended.
/// </summary>
internal sealed class RecordQueue(long recordLimit) : ISink
{
    private byte[] _data = new byte[64 * 1024];
    private int _head;
    private int _tail;
    private long[] _indices = new long[64];
    private int[] _lengths = new int[64];
    private int _first;
    private int _count;
    private int _current = -1;

    public int Count => _count;

    public long FrontIndex => _indices[_first];

    public ReadOnlySpan<byte> Front => _data.AsSpan(_head, _lengths[_first]);

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

    /// <summary>Drops the record being appended (end of input was reached instead).</summary>
    public void Abort()
    {
        _tail -= _lengths[_current];
        _count--;
        _current = -1;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        long length = (long)_lengths[_current] + data.Length;
        if (length > recordLimit)
        {
            throw new RecordTooLargeException(recordLimit);
        }

        if (data.Length > _data.Length - _tail)
        {
            MakeRoom(data.Length);
        }

        data.CopyTo(_data.AsSpan(_tail));
        _tail += data.Length;
        _lengths[_current] = (int)length;
    }

    public void PopFront()
    {
        _head += _lengths[_first];
        _first = (_first + 1) % _indices.Length;
        _count--;
        if (_count == 0)
        {
            _head = _tail = 0;
        }
    }

    /// <summary>Writes every held record with queue position p where p ≡ phase (mod step).</summary>
    public void WriteSelected(ISink sink, long phase, long step)
    {
        int offset = _head;
        for (int j = 0; j < _count; j++)
        {
            int length = _lengths[(_first + j) % _lengths.Length];
            if (j >= phase && (j - phase) % step == 0)
            {
                sink.Write(_data.AsSpan(offset, length));
            }

            offset += length;
        }
    }

    private void MakeRoom(int needed)
    {
        int live = _tail - _head;
        if (_head > 0 && live + needed <= _data.Length / 2 + (_data.Length / 4))
        {
            Buffer.BlockCopy(_data, _head, _data, 0, live);
        }
        else
        {
            long size = _data.Length;
            while (size < (long)live + needed)
            {
                size *= 2;
            }

            byte[] grown = new byte[Math.Min(size, Array.MaxLength)];
            Buffer.BlockCopy(_data, _head, grown, 0, live);
            _data = grown;
        }

        _tail = live;
        _head = 0;
    }

    private void GrowRing()
    {
        int size = _indices.Length;
        long[] indices = new long[size * 2];
        int[] lengths = new int[size * 2];
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
