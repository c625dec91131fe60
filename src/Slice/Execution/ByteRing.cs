using Slice.IO;

namespace Slice.Execution;

/// <summary>
/// The newest <c>capacity</c> bytes of a stream; older bytes are handed to an eviction sink in order.
/// The array grows with the data seen, so a huge capacity costs nothing on a short input.
/// </summary>
internal sealed class ByteRing(long capacity)
{
    private byte[] _buffer = new byte[(int)Math.Min(capacity, 64 * 1024)];
    private int _head;
    private int _count;

    public int Count => _count;

    private int Capacity => (int)Math.Min(capacity, Array.MaxLength);

    public void Push(ReadOnlySpan<byte> data, ISink? evicted)
    {
        int cap = Capacity;
        if (data.Length >= cap)
        {
            Evict(_count, evicted);
            evicted?.Write(data[..^cap]);
            data = data[^cap..];
        }

        int overflow = _count + data.Length - cap;
        if (overflow > 0)
        {
            Evict(overflow, evicted);
        }

        if (_count + data.Length > _buffer.Length)
        {
            Grow(_count + data.Length);
        }

        int tail = (_head + _count) % _buffer.Length;
        int first = Math.Min(data.Length, _buffer.Length - tail);
        data[..first].CopyTo(_buffer.AsSpan(tail));
        data[first..].CopyTo(_buffer);
        _count += data.Length;
    }

    /// <summary>Writes held bytes at positions [from, to) (0 = oldest), every step-th.</summary>
    public void Write(Output output, long from, long to, long step)
    {
        for (long i = Math.Max(from, 0); i < Math.Min(to, _count); i += step)
        {
            output.WriteByte(_buffer[(_head + i) % _buffer.Length]);
        }
    }

    private void Evict(int count, ISink? sink)
    {
        int first = Math.Min(count, _buffer.Length - _head);
        sink?.Write(_buffer.AsSpan(_head, first));
        sink?.Write(_buffer.AsSpan(0, count - first));
        _head = (_head + count) % _buffer.Length;
        _count -= count;
    }

    private void Grow(int needed)
    {
        long size = _buffer.Length;
        while (size < needed)
        {
            size *= 2;
        }

        byte[] grown = new byte[Math.Min(size, Capacity)];
        int first = Math.Min(_count, _buffer.Length - _head);
        _buffer.AsSpan(_head, first).CopyTo(grown);
        _buffer.AsSpan(0, _count - first).CopyTo(grown.AsSpan(first));
        _buffer = grown;
        _head = 0;
    }
}
