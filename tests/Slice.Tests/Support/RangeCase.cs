using System.Globalization;

namespace Slice.Tests.Support;

/// <summary>
/// A random RANGE argument together with the Python slice it means (the extended end syntax is
/// rewritten by its definition in the issue, not by slice's code).
/// </summary>
public sealed record RangeCase(string Text, long? Start, long? End, long Step)
{
    private static string Num(long? value, bool plus) => value switch
    {
        null => string.Empty,
        0 when plus => "-0",
        >= 0 when plus => "+" + value.Value.ToString(CultureInfo.InvariantCulture),
        _ => value.Value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A plain <c>start:end[:step]</c>; null parts are omitted.</summary>
    public static RangeCase Plain(long? start, long? end, long? step, bool spell)
    {
        string text = $"{Num(start, spell)}:{Num(end, false)}" + (step is null ? string.Empty : ":" + step.Value.ToString(CultureInfo.InvariantCulture));
        return new RangeCase(text, start, end, step ?? 1);
    }

    /// <summary><c>s:+n</c> or <c>s:+-n</c> (forward steps only).</summary>
    public static RangeCase Extended(long? start, bool window, long n, long? step)
    {
        long s = start ?? 0;
        string text = $"{Num(start, false)}:{(window ? "+-" : "+")}{n}" + (step is null ? string.Empty : ":" + step.Value.ToString(CultureInfo.InvariantCulture));
        long? from;
        long? to;
        if (s >= 0)
        {
            from = window ? Math.Max(s - n, 0) : s;
            to = s + n;
        }
        else
        {
            long k = -s;
            from = window ? -(k + n) : -k;
            to = k > n ? -(k - n) : null;
        }

        return new RangeCase(text, from, to, step ?? 1);
    }
}
