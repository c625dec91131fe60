using Slice.IO;

namespace Slice.Scanning;

/// <summary>
/// Records ending at one byte ('\n', NUL, or a one-byte <c>--delimiter</c>): vectorized
/// <c>Count</c> passes whole buffers while many records remain, <c>IndexOf</c> finds the last ones.
/// </summary>
internal sealed class ByteDelimitedCursor(InputBuffer input, byte delimiter) : RecordCursor(input)
{
    private const int CountThreshold = 16;

    /// <summary>Bytes of an unfinished record have been passed.</summary>
    private bool _inRecord;

    public override long Advance(long count, ISink? sink)
    {
        long done = 0;
        while (done < count)
        {
            ReadOnlySpan<byte> span = Input.Available;
            if (span.IsEmpty)
            {
                if (!Input.Fill())
                {
                    if (_inRecord)
                    {
                        _inRecord = false;
                        done++;
                    }

                    break;
                }

                continue;
            }

            long want = count - done;
            if (want > CountThreshold)
            {
                int found = span.Count(delimiter);
                if (found < want)
                {
                    done += found;
                    _inRecord = span[^1] != delimiter;
                    sink?.Write(span);
                    Input.Consume(span.Length);
                    continue;
                }
            }

            int pos = 0;
            while (done < count)
            {
                int i = span[pos..].IndexOf(delimiter);
                if (i < 0)
                {
                    break;
                }

                pos += i + 1;
                done++;
            }

            if (done == count)
            {
                sink?.Write(span[..pos]);
                Input.Consume(pos);
                _inRecord = false;
                return done;
            }

            sink?.Write(span);
            Input.Consume(span.Length);
            _inRecord = pos < span.Length;
        }

        return done;
    }
}
