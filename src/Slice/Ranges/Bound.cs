namespace Slice.Ranges;

/// <summary>
/// One bound of a slice: an index counted from the start, or a distance back from the end
/// (always at least 1: the lexeme <c>-0</c> parses to <c>FromStart(0)</c>, as Python has no -0).
/// </summary>
internal readonly record struct Bound(bool FromEnd, ulong Value)
{
    public static Bound Start(ulong index) => new(false, index);

    public static Bound End(ulong back) => back == 0 ? new Bound(false, 0) : new Bound(true, back);

    /// <summary>Absolute offset clamped to [0, len] (Python's slice.indices for a forward step).</summary>
    public ulong Resolve(ulong len) => FromEnd ? (len > Value ? len - Value : 0) : Math.Min(Value, len);
}
