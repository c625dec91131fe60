using Slice.IO;
using Slice.Scanning;

namespace Slice.Execution;

/// <summary>
/// Head-relative ranges: skip <c>start</c> records, then copy a window or every step-th record,
/// and stop reading as soon as the end is passed. Constant memory whatever the input size.
/// </summary>
internal static class ForwardRunner
{
    public static void Run(RecordCursor cursor, Output output, long start, long? end, long step)
    {
        if (start > 0 && cursor.Advance(start, null) < start)
        {
            return;
        }

        if (step == 1)
        {
            if (end is { } stop)
            {
                cursor.Advance(stop - start, output);
            }
            else
            {
                CopyRest(cursor.Input, output);
            }

            return;
        }

        long remaining = end is { } bound ? RunContext.CeilDiv(bound - start, step) : long.MaxValue;
        if (cursor is ByteCursor)
        {
            ByteStride(cursor.Input, output, remaining, step);
            return;
        }

        while (remaining > 0)
        {
            if (cursor.Advance(1, output) == 0)
            {
                return;
            }

            remaining--;
            if (remaining == 0 || cursor.Advance(step - 1, null) < step - 1)
            {
                return;
            }
        }
    }

    /// <summary>Everything left: zero-copy from a regular file (sendfile) or a pipe (splice), a read/write loop otherwise.</summary>
    public static void CopyRest(InputBuffer input, Output output)
    {
        ReadOnlySpan<byte> buffered = input.Available;
        output.Write(buffered);
        input.Consume(buffered.Length);
        if (input.Source.Seekable)
        {
            output.CopyFrom(input.Source, input.Position, input.Limit - input.Position);
            return;
        }

        if (output.TrySpliceFrom(input.Source))
        {
            return;
        }

        while (input.Fill())
        {
            buffered = input.Available;
            output.Write(buffered);
            input.Consume(buffered.Length);
        }
    }

    /// <summary>Every step-th byte, starting with the next one, at most <paramref name="count"/> of them.</summary>
    public static void ByteStride(InputBuffer input, Output output, long count, long step)
    {
        long skip = 0;
        while (count > 0)
        {
            if (skip > 0)
            {
                if (input.Skip(skip) < skip)
                {
                    return;
                }

                skip = 0;
            }

            ReadOnlySpan<byte> span = input.Available;
            if (span.IsEmpty)
            {
                if (!input.Fill())
                {
                    return;
                }

                continue;
            }

            long i = 0;
            while (count > 0 && i < span.Length)
            {
                output.WriteByte(span[(int)i]);
                count--;
                i += step;
            }

            if (i <= span.Length)
            {
                input.Consume((int)i);
            }
            else
            {
                input.Consume(span.Length);
                skip = i - span.Length;
            }
        }
    }
}
