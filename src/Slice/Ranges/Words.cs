namespace Slice.Ranges;

/// <summary>Small wording helpers shared by <c>--explain</c> and <c>--translate</c>.</summary>
internal static class Words
{
    public static string Ordinal(ulong n) => $"{n}{Suffix(n)}";

    public static string Suffix(ulong n) => (n % 100, n % 10) switch
    {
        ( >= 11 and <= 13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };

    public static ulong CeilDiv(ulong value, ulong divisor) => (value / divisor) + (value % divisor == 0 ? 0UL : 1UL);

    public static ulong Inc(ulong value) => value == ulong.MaxValue ? value : value + 1;

    public static ulong Add2(ulong value) => value >= ulong.MaxValue - 1 ? ulong.MaxValue : value + 2;
}
