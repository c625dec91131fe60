using Slice.IO;

namespace Slice.Scanning;

/// <summary>Records found one at a time by a segmenter (characters, grapheme clusters).</summary>
internal sealed class ElementCursor(InputBuffer input, ISegmenter segmenter) : RecordCursor(input)
{
    public override long Advance(long count, ISink? sink)
    {
        long done = 0;
        while (done < count)
        {
            ReadOnlySpan<byte> span = Input.Available;
            bool eof = Input.IsEof;
            int pos = 0;
            while (done < count && pos < span.Length)
            {
                int length = segmenter.Next(span[pos..], eof);
                if (length == 0)
                {
                    break;
                }

                pos += length;
                done++;
            }

            if (pos > 0)
            {
                sink?.Write(span[..pos]);
                Input.Consume(pos);
            }

            if (done == count)
            {
                break;
            }

            if (!Input.Fill() && Input.Available.IsEmpty)
            {
                break;
            }
        }

        return done;
    }
}
