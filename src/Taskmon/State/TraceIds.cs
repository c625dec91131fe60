namespace Taskmon.State;

/// <summary>Trace ids: <c>t</c> followed by a base-36 sequence number, so they never look like live ids.</summary>
internal static class TraceIds
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string Format(long sequence)
    {
        Span<char> buffer = stackalloc char[16];
        var i = buffer.Length;
        do
        {
            buffer[--i] = Digits[(int)(sequence % 36)];
            sequence /= 36;
        }
        while (sequence > 0);
        buffer[--i] = 't';
        return new string(buffer[i..]);
    }

    public static bool TryParse(string? text, out long sequence)
    {
        sequence = 0;
        if (text is null || text.Length < 2 || text.Length > 14 || (text[0] != 't' && text[0] != 'T'))
        {
            return false;
        }

        foreach (var c in text.AsSpan(1))
        {
            var digit = Digits.IndexOf(char.ToLowerInvariant(c), StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }

            sequence = (sequence * 36) + digit;
        }

        return true;
    }
}
