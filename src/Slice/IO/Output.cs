using System.Runtime.InteropServices;

namespace Slice.IO;

/// <summary>
/// Buffered stdout. Contiguous byte ranges of a regular file go out with sendfile(2) (no copy through
/// user space); EPIPE becomes <see cref="BrokenPipeException"/>, any other failure a
/// <see cref="SliceRuntimeException"/> naming the errno.
/// </summary>
internal sealed unsafe class Output : ISink
{
    private readonly int _fd;
    private readonly Stream? _stream;
    private readonly byte[] _buffer;
    private int _length;
    private bool _sendFileBroken;

    public Output(int fd, int capacity)
    {
        _fd = fd;
        _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(capacity, 1)); // only written bytes are read back
        if (fd >= 0)
        {
            // A 1 MiB pipe moves large copies (sendfile, big writes) with 16x fewer wake-ups than the
            // default 64 KiB; on anything but a pipe this fails harmlessly.
            _ = Native.Fcntl(fd, Native.FSetPipeSize, 1 << 20);
        }
    }

    /// <summary>An output into a stream (tests, in-process use): no zero-copy path.</summary>
    public Output(Stream stream, int capacity)
        : this(-1, capacity)
    {
        _stream = stream;
        _sendFileBroken = true;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.Length <= _buffer.Length - _length)
        {
            data.CopyTo(_buffer.AsSpan(_length));
            _length += data.Length;
            return;
        }

        Flush();
        if (data.Length >= _buffer.Length)
        {
            WriteAll(data);
            return;
        }

        data.CopyTo(_buffer);
        _length = data.Length;
    }

    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Flush();
        }

        _buffer[_length++] = value;
    }

    public void Flush()
    {
        if (_length > 0)
        {
            int length = _length;
            _length = 0;
            WriteAll(_buffer.AsSpan(0, length));
        }
    }

    /// <summary>Flushes so an error message on stderr follows the output before it; errors surface later.</summary>
    public void FlushQuietly()
    {
        try
        {
            Flush();
        }
        catch (BrokenPipeException)
        {
        }
        catch (SliceRuntimeException)
        {
        }
    }

    /// <summary>Copies [offset, offset+count) of a seekable source to the output.</summary>
    public void CopyFrom(Source source, long offset, long count)
    {
        if (count <= 0)
        {
            return;
        }

        Flush();
        while (count > 0 && !_sendFileBroken)
        {
            long position = offset;
            nint chunk = (nint)Math.Min(count, 1L << 30);
            nint sent = Native.SendFile(_fd, source.Fd, &position, chunk);
            if (sent > 0)
            {
                offset += sent;
                count -= sent;
                continue;
            }

            if (sent == 0)
            {
                break;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == Native.EINTR || errno == Native.EAGAIN)
            {
                continue;
            }

            if (errno == Native.EPIPE)
            {
                throw new BrokenPipeException();
            }

            if (errno is Native.EINVAL or Native.ENOSYS or Native.EOPNOTSUPP or Native.EXDEV or Native.ESPIPE)
            {
                _sendFileBroken = true;
                break;
            }

            throw SliceRuntimeException.FromErrno(errno);
        }

        WriteFrom(source, offset, count);
    }

    /// <summary>
    /// Moves the rest of a pipe to the output inside the kernel (no copy through user space); false
    /// when splice does not apply here (a terminal, an append-only file), before anything moved.
    /// </summary>
    public bool TrySpliceFrom(Source pipe)
    {
        if (_stream is not null)
        {
            return false;
        }

        Flush();
        return SpliceAll(pipe.Fd, _fd);
    }

    /// <summary>splice(2) from one descriptor to another until end of input; false when splice does not
    /// apply to them (nothing was moved then).</summary>
    public static bool SpliceAll(int from, int to)
    {
        bool moved = false;
        while (true)
        {
            nint n = Native.Splice(from, null, to, null, 1 << 20, Native.SpliceFMove);
            if (n > 0)
            {
                moved = true;
                continue;
            }

            if (n == 0)
            {
                return true;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == Native.EINTR)
            {
                continue;
            }

            if (errno == Native.EPIPE)
            {
                throw new BrokenPipeException();
            }

            if (!moved && errno is Native.EINVAL or Native.ENOSYS)
            {
                return false;
            }

            throw SliceRuntimeException.FromErrno(errno);
        }
    }

    /// <summary>Copies a file range through the buffer with pread(2).</summary>
    public void WriteFrom(Source source, long offset, long count)
    {
        while (count > 0)
        {
            if (_length == _buffer.Length)
            {
                Flush();
            }

            int room = (int)Math.Min(_buffer.Length - _length, count);
            int n = source.ReadAt(offset, _buffer.AsSpan(_length, room));
            if (n == 0)
            {
                return;
            }

            _length += n;
            offset += n;
            count -= n;
        }
    }

    private void WriteAll(ReadOnlySpan<byte> data)
    {
        if (_stream is not null)
        {
            _stream.Write(data);
            return;
        }

        fixed (byte* start = data)
        {
            byte* p = start;
            nint left = data.Length;
            while (left > 0)
            {
                nint n = Native.Write(_fd, p, left);
                if (n >= 0)
                {
                    p += n;
                    left -= n;
                    continue;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == Native.EINTR)
                {
                    continue;
                }

                if (errno == Native.EPIPE)
                {
                    throw new BrokenPipeException();
                }

                throw SliceRuntimeException.FromErrno(errno);
            }
        }
    }
}
