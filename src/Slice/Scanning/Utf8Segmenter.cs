using System.Buffers;
using System.Text;

namespace Slice.Scanning;

/// <summary>A valid UTF-8 sequence is one element; a byte that starts none is an element by itself.</summary>
internal sealed class Utf8Segmenter : ISegmenter
{
    public static Utf8Segmenter Instance { get; } = new();

    public int Next(ReadOnlySpan<byte> data, bool endOfInput)
    {
        if (data[0] < 0x80)
        {
            return 1;
        }

        return Rune.DecodeFromUtf8(data, out _, out int consumed) switch
        {
            OperationStatus.Done => consumed,
            OperationStatus.NeedMoreData => endOfInput ? 1 : 0,
            _ => 1,
        };
    }

    /// <summary>A byte that is not a continuation byte always starts an element.</summary>
    public static bool StartsElement(byte value) => (value & 0xC0) != 0x80;
}
