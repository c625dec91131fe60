using System.Globalization;

namespace Slice.Cli;

/// <summary>Sizes like <c>64KiB</c>, <c>4KB</c>, <c>1b</c>, <c>2.5 MiB</c> (decimal and binary units).</summary>
internal static class ByteSize
{
    public static ulong Parse(string text)
    {
        int numberEnd = 0;
        while (numberEnd < text.Length && (char.IsAsciiDigit(text[numberEnd]) || text[numberEnd] == '.'))
        {
            numberEnd++;
        }

        string number = text[..numberEnd];
        if (number.Length == 0 || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
        {
            string reason = number.Length == 0 ? "cannot parse float from empty string" : "invalid float literal";
            throw new FormatException($"couldn't parse \"{text}\" into a ByteSize, {reason}");
        }

        string unit = text[numberEnd..].Trim();
        double multiplier = unit.ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" => 1e3,
            "KI" or "KIB" => 1024,
            "M" or "MB" => 1e6,
            "MI" or "MIB" => 1024.0 * 1024,
            "G" or "GB" => 1e9,
            "GI" or "GIB" => 1024.0 * 1024 * 1024,
            "T" or "TB" => 1e12,
            "TI" or "TIB" => 1024.0 * 1024 * 1024 * 1024,
            "P" or "PB" => 1e15,
            "PI" or "PIB" => 1024.0 * 1024 * 1024 * 1024 * 1024,
            _ => throw new FormatException($"couldn't parse \"{unit}\" into a known SI unit, couldn't parse unit of \"{unit}\""),
        };
        double bytes = value * multiplier;
        return bytes >= ulong.MaxValue ? ulong.MaxValue : (ulong)bytes;
    }
}
