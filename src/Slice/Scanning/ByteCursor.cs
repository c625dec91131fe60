using Slice.IO;

namespace Slice.Scanning;

/// <summary>One byte per record; skipping on a seekable source moves the offset without reading.</summary>
internal sealed class ByteCursor(InputBuffer input) : RecordCursor(input)
{
    public override long Advance(long count, ISink? sink)
    {
        if (sink is null)
        {
            return Input.Skip(count);
        }

        long done = 0;
        while (done < count)
        {
            ReadOnlySpan<byte> span = Input.Available;
            if (span.IsEmpty)
            {
                if (!Input.Fill())
                {
                    break;
                }

                continue;
            }

            int take = (int)Math.Min(span.Length, count - done);
            sink.Write(span[..take]);
            Input.Consume(take);
            done += take;
        }

        return done;
    }
}
