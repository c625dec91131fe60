namespace Slice.Scanning;

/// <summary>Finds where the element starting at the head of a span ends.</summary>
internal interface ISegmenter
{
    /// <summary>
    /// Length in bytes of the element at <c>data[0]</c> (data is not empty), or 0 when more input is
    /// needed to decide (never at end of input).
    /// </summary>
    int Next(ReadOnlySpan<byte> data, bool endOfInput);
}
