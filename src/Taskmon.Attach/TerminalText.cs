using System.Text;

namespace Taskmon.Attach;

/// <summary>
/// Strings read from the target (type names, file paths, the process name) are hostile to the operator's terminal:
/// control characters (C0, DEL, C1) and bidirectional overrides become <c>?</c>, and length is bounded.
/// </summary>
internal static class TerminalText
{
    public const int MaxLength = 400;

    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        StringBuilder? sb = null;
        var length = Math.Min(text.Length, MaxLength);
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            if (IsUnsafe(c))
            {
                sb ??= new StringBuilder(text, 0, i, length);
                sb.Append('?');
            }
            else
            {
                sb?.Append(c);
            }
        }
        var result = sb?.ToString() ?? (length < text.Length ? text[..length] : text);
        return length < text.Length ? result + "…" : result;
    }

    private static bool IsUnsafe(char c) =>
        c < ' ' || c is >= '\x7f' and <= '\x9f' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069';
}
