namespace Slice.Ranges;

/// <summary>
/// A parsed <c>start:end:step</c>. The parse fills Python's defaults: an absent start is
/// <c>FromStart(0)</c> for a forward step and <c>FromEnd(1)</c> (the last element) for a reverse one;
/// <see cref="End"/> null means unbounded; <see cref="Step"/> is the magnitude, <see cref="Reverse"/> its sign.
/// </summary>
internal sealed record RangeSpec(Bound Start, Bound? End, ulong Step, bool Reverse)
{
    /// <summary>Parses the RANGE argument; throws <see cref="RangeFormatException"/> with the reference's wording.</summary>
    public static RangeSpec Parse(string text) => RangeParser.Parse(text);
}
