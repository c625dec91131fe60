using System.Globalization;
using System.Text;

namespace Taskmon.Web.Http;

/// <summary>
/// Makes a string from a request safe to put into the host's log: control characters (C0, DEL, C1)
/// become visible escapes (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\xNN</c>, <c>\u0085</c>...) and the
/// backslash is doubled, so a client cannot forge log lines or send escape sequences to whoever reads the log.
/// </summary>
internal static class LogText
{
    public const int MaxLength = 512;

    public static string Escape(string text)
    {
        var needs = text.Length > MaxLength;
        foreach (var c in text)
        {
            if (c == '\\' || char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                needs = true;
                break;
            }
        }
        if (!needs)
        {
            return text;
        }

        var shown = text.Length > MaxLength ? text.AsSpan(0, MaxLength) : text.AsSpan();
        var sb = new StringBuilder(shown.Length + 16);
        foreach (var c in shown)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\t': sb.Append(@"\t"); break;
                case < ' ' or '\u007f': sb.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                case (>= '\u0080' and <= '\u009f') or '\u2028' or '\u2029': sb.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        if (text.Length > MaxLength)
        {
            sb.Append("...(").Append(text.Length).Append(" chars)");
        }

        return sb.ToString();
    }
}
