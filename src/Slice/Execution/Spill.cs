using System.Runtime.InteropServices;
using System.Text;
using Slice.IO;
using Slice.Scanning;

namespace Slice.Execution;

/// <summary>
/// Copies a pipe into an already-unlinked temporary file (in TMPDIR, default /tmp) so a reverse
/// range can scan it backwards like any file, in constant memory. With <c>--max-record-size</c> in a
/// mode that bounds records, each record is checked while it is copied.
/// </summary>
internal static unsafe class Spill
{
    /// <summary>Creates a temporary file in TMPDIR (default /tmp) and unlinks it at once: only the descriptor knows it.</summary>
    public static int CreateTemporaryFile()
    {
        string directory = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        byte[] template = Encoding.UTF8.GetBytes(Path.Combine(directory, "slice-spill-XXXXXX") + "\0");
        fixed (byte* path = template)
        {
            int fd = Native.MkStemp(path);
            if (fd < 0)
            {
                throw SliceRuntimeException.FromErrno(Marshal.GetLastPInvokeError());
            }

            _ = Native.Unlink(path);
            return fd;
        }
    }

    public static Source ToTemporaryFile(Source pipe, RunContext context)
    {
        int fd = CreateTemporaryFile();
        try
        {
            Output file = new(fd, 1 << 20);
            InputBuffer input = new(pipe, context.BufferSize);
            if (context.Mode.RecordLimitApplies && context.RecordLimit < long.MaxValue)
            {
                RecordCursor cursor = context.Mode.CreateCursor(input);
                CheckedSink sink = new(file, context.RecordLimit);
                while (true)
                {
                    sink.Reset();
                    if (cursor.Advance(1, sink) == 0)
                    {
                        break;
                    }
                }
            }
            else if (!Output.SpliceAll(pipe.Fd, fd))
            {
                ForwardRunner.CopyRest(input, file);
            }

            file.Flush();
            if (Native.LSeek(fd, 0, Native.SeekSet) < 0)
            {
                throw SliceRuntimeException.FromErrno(Marshal.GetLastPInvokeError());
            }

            return Source.Adopt(fd);
        }
        catch
        {
            _ = Native.Close(fd);
            throw;
        }
    }

    /// <summary>Counts the bytes of the current record and fails past the limit.</summary>
    private sealed class CheckedSink(ISink inner, long limit) : ISink
    {
        private long _length;

        public void Reset() => _length = 0;

        public void Write(ReadOnlySpan<byte> data)
        {
            _length += data.Length;
            if (_length > limit)
            {
                throw new RecordTooLargeException(limit);
            }

            inner.Write(data);
        }
    }
}
