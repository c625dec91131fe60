using Slice.IO;

namespace Slice.Scanning;

/// <summary>
/// Records ending at a multi-byte literal (leftmost, non-overlapping matches). The last
/// delimiter-length-minus-one bytes of a buffer stay unconsumed until more input shows whether a
/// delimiter starts there.
/// </summary>
internal sealed class DelimitedCursor(InputBuffer input, byte[] delimiter) : RecordCursor(input)
{
    private bool _inRecord;

    public override long Advance(long count, ISink? sink)
    {
        int length = delimiter.Length;
        long done = 0;
        while (done < count)
        {
            ReadOnlySpan<byte> span = Input.Available;
            if (span.Length < length && !Input.IsEof)
            {
                if (Input.Fill())
                {
                    continue;
                }

                span = Input.Available;
            }

            if (span.Length < length)
            {
                // End of input: what is left belongs to the final, unterminated record.
                if (!span.IsEmpty)
                {
                    sink?.Write(span);
                    Input.Consume(span.Length);
                    _inRecord = true;
                }

                if (_inRecord)
                {
                    _inRecord = false;
                    done++;
                }

                break;
            }

            int pos = 0;
            while (done < count)
            {
                int i = span[pos..].IndexOf(delimiter);
                if (i < 0)
                {
                    break;
                }

                pos += i + length;
                done++;
            }

            if (done == count)
            {
                sink?.Write(span[..pos]);
                Input.Consume(pos);
                _inRecord = false;
                return done;
            }

            int safe = Input.IsEof ? span.Length : Math.Max(pos, span.Length - (length - 1));
            sink?.Write(span[..safe]);
            Input.Consume(safe);
            if (safe > pos)
            {
                _inRecord = true;
            }
            else if (pos > 0)
            {
                _inRecord = false;
            }

            if (Input.IsEof && Input.Available.IsEmpty)
            {
                if (_inRecord)
                {
                    _inRecord = false;
                    done++;
                }

                break;
            }
        }

        return done;
    }
}
