using System.Text;

namespace Taskmon.Terminal;

/// <summary>
/// Makes text from the monitored app (task names, methods, exception messages, frames, app
/// command output) harmless to the operator's terminal: no C0/C1 control character, DEL or
/// bidirectional override reaches it, so the app cannot move the cursor, retitle the window,
/// write the clipboard (OSC 52) or reorder what is shown. Controls become visible caret or
/// <c>&lt;U+XXXX&gt;</c> notation, as <c>cat -v</c> does; line feeds survive in multi-line blocks.
/// </summary>
internal static class SafeText
{
    /// <summary>Cleans a block of text; <c>\n</c> is kept, tabs become a space, every other control is shown.</summary>
    public static string Block(string text) => Clean(text, keepNewlines: true);

    /// <summary>Cleans a single-line value: line breaks become a space too.</summary>
    public static string Line(string text) => Clean(text, keepNewlines: false);

    /// <summary>Whether <paramref name="c"/> would be rewritten.</summary>
    public static bool IsUnsafe(char c) =>
        c < 0x20 || c is >= '\x7F' and <= '\x9F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    private static string Clean(string text, bool keepNewlines)
    {
        var first = FirstUnsafe(text, keepNewlines);
        if (first < 0)
        {
            return text;
        }
        var output = new StringBuilder(text.Length + 16);
        output.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsUnsafe(c) || (keepNewlines && c == '\n'))
            {
                output.Append(c);
            }
            else if (c is '\t' or '\n' or '\r')
            {
                // A CR of a CRLF pair disappears; a lone CR, a tab or (single-line) a LF is a space.
                if (!(c == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
                {
                    output.Append(' ');
                }
            }
            else if (c < 0x20)
            {
                output.Append('^').Append((char)(c + 0x40));
            }
            else if (c == '\x7F')
            {
                output.Append("^?");
            }
            else
            {
                output.Append("<U+").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)).Append('>');
            }
        }
        return output.ToString();
    }

    private static int FirstUnsafe(string text, bool keepNewlines)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnsafe(c) && !(keepNewlines && c == '\n'))
            {
                return i;
            }
        }
        return -1;
    }
}
