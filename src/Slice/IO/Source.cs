using System.Runtime.InteropServices;

namespace Slice.IO;

/// <summary>
/// An open input: a file descriptor and, when it is a non-empty regular file, the byte range
/// [<see cref="Begin"/>, <see cref="End"/>) that positional reads may use (redirected stdin starts at
/// its current offset). Anything else (pipe, tty, character device) is read sequentially.
/// </summary>
internal sealed unsafe class Source : IDisposable
{
    private const uint TypeMask = 0xF000;
    private const uint RegularFile = 0x8000;
    private const uint Fifo = 0x1000;
    private readonly bool _owned;

    private Source(int fd, bool owned)
    {
        Fd = fd;
        _owned = owned;
        byte* stat = stackalloc byte[256];
        if (Native.FStat(fd, stat) != 0)
        {
            return;
        }

        bool arm = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;
        uint mode = *(uint*)(stat + (arm ? 16 : 24));
        long size = *(long*)(stat + 48);
        if ((mode & TypeMask) == Fifo)
        {
            // A 1 MiB pipe lets the writer run ahead in big writes: fewer wake-ups on both sides
            // (best effort; the system limit may refuse it).
            _ = Native.Fcntl(fd, Native.FSetPipeSize, 1 << 20);
        }

        if ((mode & TypeMask) != RegularFile || size <= 0)
        {
            return;
        }

        long position = Native.LSeek(fd, 0, Native.SeekCur);
        if (position < 0 || position > size)
        {
            return;
        }

        Seekable = true;
        Begin = position;
        End = size;
    }

    public int Fd { get; }

    /// <summary>True for a non-empty regular file: positional reads and zero-copy output apply.</summary>
    public bool Seekable { get; private set; }

    public long Begin { get; }

    public long End { get; }

    public static Source Stdin() => new(0, owned: false);

    /// <summary>Opens PATH for reading; a directory opens (reading it fails later, like the reference).</summary>
    public static Source Open(string path)
    {
        int fd = Native.Open(path, Native.ORdOnly | Native.OCloExec);
        if (fd < 0)
        {
            throw SliceRuntimeException.FromErrno(Marshal.GetLastPInvokeError());
        }

        return new Source(fd, owned: true);
    }

    /// <summary>Opens PATH to be read like a pipe, front to back (tests drive the streaming engines this way).</summary>
    public static Source OpenSequential(string path)
    {
        Source source = Open(path);
        source.Seekable = false;
        return source;
    }

    /// <summary>Wraps a descriptor this object will close (a spilled temporary file).</summary>
    public static Source Adopt(int fd) => new(fd, owned: true);

    /// <summary>Sequential read; 0 at end of input.</summary>
    public int Read(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Native.Read(Fd, p, buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != Native.EINTR)
                {
                    throw SliceRuntimeException.FromErrno(errno);
                }
            }
        }
    }

    /// <summary>Positional read (seekable sources only); 0 at end of file.</summary>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Native.PRead(Fd, p, buffer.Length, offset);
                if (n >= 0)
                {
                    return (int)n;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != Native.EINTR)
                {
                    throw SliceRuntimeException.FromErrno(errno);
                }
            }
        }
    }

    /// <summary>Reads exactly buffer.Length bytes at offset (the range is known to exist).</summary>
    public void ReadExactly(long offset, Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = ReadAt(offset, buffer);
            if (n == 0)
            {
                throw new SliceRuntimeException("file shrank while reading");
            }

            offset += n;
            buffer = buffer[n..];
        }
    }

    public void Dispose()
    {
        if (_owned)
        {
            _ = Native.Close(Fd);
        }
    }
}
