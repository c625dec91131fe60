namespace Slice.Ranges;

/// <summary>
/// The RANGE grammar: up to three ':'-separated fields, each an unsigned 64-bit number with an
/// optional '+', '-N' counting from the end, and the extended end forms '+N' and '+-N'.
/// Field errors are reported left to right, like the reference.
/// </summary>
internal static class RangeParser
{
    private const string MissingColon = "range requires a ':' separator (e.g. '3:4', '3:', or ':3')";
    private const string MissingAmount = "a relative end ('+' or '+-') requires a count (e.g. '5:+3' or '5:+-3')";
    private const string NegativeStepRelative = "a negative step cannot be combined with a relative end ('+' or '+-')";
    private const string TooManyParts = "too many ':' separators in range (expected at most start:end:step)";

    public static RangeSpec Parse(string text)
    {
        string[] parts = text.Split(':');
        Bound? start = ParseIndex(parts[0], "start");
        if (parts.Length < 2)
        {
            throw new RangeFormatException(MissingColon);
        }

        string endText = parts[1];
        // 0 = plain, 1 = ahead (+N), 2 = window (+-N)
        int endKind = 0;
        ulong amount = 0;
        Bound? end = null;
        if (endText.StartsWith("+-", StringComparison.Ordinal))
        {
            endKind = 2;
            amount = ParseAmount(endText[2..]);
        }
        else if (endText.StartsWith('+'))
        {
            endKind = 1;
            amount = ParseAmount(endText[1..]);
        }
        else
        {
            end = ParseIndex(endText, "end");
        }

        ulong step = 1;
        bool reverse = false;
        if (parts.Length >= 3 && ParseStep(parts[2]) is { } parsedStep)
        {
            (step, reverse) = parsedStep;
        }

        if (parts.Length > 3)
        {
            throw new RangeFormatException(TooManyParts);
        }

        if (endKind == 0)
        {
            Bound defaultStart = reverse ? Bound.End(1) : Bound.Start(0);
            return new RangeSpec(start ?? defaultStart, end, step, reverse);
        }

        if (reverse)
        {
            throw new RangeFormatException(NegativeStepRelative);
        }

        Bound s = start ?? Bound.Start(0);
        if (endKind == 1)
        {
            return s.FromEnd
                ? new RangeSpec(s, EndMinus(s.Value, amount), step, false)
                : new RangeSpec(s, Bound.Start(SaturatingAdd(s.Value, amount)), step, false);
        }

        return s.FromEnd
            ? new RangeSpec(Bound.End(SaturatingAdd(s.Value, amount)), EndMinus(s.Value, amount), step, false)
            : new RangeSpec(
                Bound.Start(s.Value > amount ? s.Value - amount : 0),
                Bound.Start(SaturatingAdd(s.Value, amount)),
                step,
                false);
    }

    /// <summary>(k from the end) - n; reaching the end of input unbounds it.</summary>
    private static Bound? EndMinus(ulong k, ulong n) => k > n ? Bound.End(k - n) : null;

    private static ulong SaturatingAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;

    private static ulong ParseAmount(string text)
    {
        if (text.Length == 0)
        {
            throw new RangeFormatException(MissingAmount);
        }

        return ParseUnsigned(text, out string? error) ?? throw Invalid("end", text, error!);
    }

    private static Bound? ParseIndex(string text, string field)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (ParseUnsigned(text, out string? error) is { } value)
        {
            return Bound.Start(value);
        }

        if (DigitShapedMagnitude(text) is { } magnitude)
        {
            return ParseUnsigned(magnitude, out error) is { } back ? Bound.End(back) : throw Invalid(field, text, error!);
        }

        throw Invalid(field, text, error!);
    }

    private static (ulong Step, bool Reverse)? ParseStep(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        string? error;
        if (ParseUnsigned(text, out error) is { } value)
        {
            return value == 0 ? throw Invalid("step", text, ZeroError) : (value, false);
        }

        if (DigitShapedMagnitude(text) is { } magnitude)
        {
            if (ParseUnsigned(magnitude, out error) is { } back)
            {
                return back == 0 ? throw Invalid("step", text, ZeroError) : (back, true);
            }
        }

        throw Invalid("step", text, error!);
    }

    private const string ZeroError = "number would be zero for non-zero type";

    private static RangeFormatException Invalid(string field, string value, string reason) =>
        new($"invalid {field} value '{value}': {reason}");

    private static string? DigitShapedMagnitude(string text) =>
        text.Length > 1 && text[0] == '-' && char.IsAsciiDigit(text[1]) ? text[1..] : null;

    /// <summary>Rust's <c>u64::from_str</c>: optional '+', ASCII digits, no overflow.</summary>
    internal static ulong? ParseUnsigned(string text, out string? error)
    {
        error = null;
        ReadOnlySpan<char> digits = text;
        if (digits.Length > 0 && digits[0] == '+')
        {
            digits = digits[1..];
        }

        if (text.Length == 0)
        {
            error = "cannot parse integer from empty string";
            return null;
        }

        if (digits.Length == 0)
        {
            error = "invalid digit found in string";
            return null;
        }

        ulong value = 0;
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                error = "invalid digit found in string";
                return null;
            }

            ulong digit = (ulong)(c - '0');
            if (value > (ulong.MaxValue - digit) / 10)
            {
                // Rust reports the first failure by position: overflow before a later bad digit.
                error = "number too large to fit in target type";
                return null;
            }

            value = (value * 10) + digit;
        }

        return value;
    }
}
