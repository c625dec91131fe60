using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Slice.Scanning;

/// <summary>
/// Extended grapheme clusters (UAX #29, the runtime's segmentation tables) within each maximal
/// valid UTF-8 run; a byte that starts no valid sequence is an element of its own and ends the run.
/// </summary>
internal sealed class GraphemeSegmenter : ISegmenter
{
    private const int Window = 64;
    private char[] _chars = new char[Window];

    public static GraphemeSegmenter Instance { get; } = new();

    public int Next(ReadOnlySpan<byte> data, bool endOfInput)
    {
        // ASCII followed by ASCII is always a boundary, except CR LF.
        if (data.Length > 1 && data[0] < 0x80 && data[1] < 0x80 && data[0] != (byte)'\r')
        {
            return 1;
        }

        int window = Math.Min(data.Length, Window);
        while (true)
        {
            if (_chars.Length < window)
            {
                _chars = new char[window];
            }

            OperationStatus status = Utf8.ToUtf16(data[..window], _chars, out int read, out int written, replaceInvalidSequences: false, isFinalBlock: false);
            bool whole = window == data.Length;
            if (read == 0)
            {
                return status == OperationStatus.NeedMoreData && whole && !endOfInput ? 0 : 1;
            }

            bool runEnds = status == OperationStatus.InvalidData || (whole && endOfInput);
            ReadOnlySpan<char> chars = _chars.AsSpan(0, written);
            int length = StringInfo.GetNextTextElementLength(chars);
            if (length < written || runEnds)
            {
                return Encoding.UTF8.GetByteCount(chars[..length]);
            }

            if (whole)
            {
                return 0;
            }

            window = Math.Min(data.Length, window * 2);
        }
    }
}
