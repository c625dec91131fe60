using System.Buffers;
using System.Globalization;
using System.Text;

namespace Taskmon.Terminal;

/// <summary>
/// How many terminal columns text takes, by grapheme cluster: East Asian wide and fullwidth
/// characters and emoji take two, combining marks, zero-width joiners and variation selectors
/// none, everything else one. Tables pad and cut by this, and the line editor moves its cursor by
/// whole clusters, so CJK names, emoji and accented letters keep columns aligned and are never split.
/// </summary>
internal static class DisplayWidth
{
    /// <summary>Columns taken by <paramref name="text"/>.</summary>
    public static int Of(string text)
    {
        if (IsNarrowAscii(text))
        {
            return text.Length;
        }
        var width = 0;
        var index = 0;
        while (index < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text, index);
            width += OfCluster(text.AsSpan(index, length));
            index += length;
        }
        return width;
    }

    /// <summary>Columns taken by one grapheme cluster.</summary>
    public static int OfCluster(ReadOnlySpan<char> cluster)
    {
        if (cluster.IsEmpty || Rune.DecodeFromUtf16(cluster, out var first, out _) != OperationStatus.Done)
        {
            return cluster.IsEmpty ? 0 : 1;
        }
        if (IsZeroWidth(first))
        {
            return 0;
        }
        // An emoji presentation selector (U+FE0F) makes a text-default symbol wide.
        return IsWide(first.Value) || cluster.Contains('\uFE0F') ? 2 : 1;
    }

    /// <summary><paramref name="text"/> cut to at most <paramref name="width"/> columns, ending in … when cut; never splits a cluster.</summary>
    public static string Cut(string text, int width)
    {
        if (width <= 0)
        {
            return "";
        }
        if (Of(text) <= width)
        {
            return text;
        }
        var room = width - 1; // the ellipsis takes one column
        var used = 0;
        var index = 0;
        while (index < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text, index);
            var cluster = OfCluster(text.AsSpan(index, length));
            if (used + cluster > room)
            {
                break;
            }
            used += cluster;
            index += length;
        }
        return width == 1 ? "…" : string.Concat(text.AsSpan(0, index), "…");
    }

    /// <summary>Pads <paramref name="text"/> with spaces to <paramref name="width"/> columns, on the left when <paramref name="alignRight"/>.</summary>
    public static string Pad(string text, int width, bool alignRight)
    {
        var missing = width - Of(text);
        if (missing <= 0)
        {
            return text;
        }
        return alignRight ? new string(' ', missing) + text : text + new string(' ', missing);
    }

    /// <summary>Index where the cluster before <paramref name="index"/> starts (0 at the start).</summary>
    public static int PreviousCluster(string text, int index)
    {
        var start = 0;
        var at = 0;
        while (at < index && at < text.Length)
        {
            start = at;
            at += StringInfo.GetNextTextElementLength(text, at);
        }
        return start;
    }

    /// <summary>Index just past the cluster that starts at <paramref name="index"/>.</summary>
    public static int NextCluster(string text, int index) =>
        index >= text.Length ? text.Length : index + StringInfo.GetNextTextElementLength(text, index);

    private static bool IsNarrowAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsZeroWidth(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            || rune.Value is 0x200B or (>= 0x1160 and <= 0x11FF);
    }

    /// <summary>East Asian Wide (W) and Fullwidth (F) ranges, and the emoji blocks terminals draw two columns wide.</summary>
    private static bool IsWide(int c) =>
        c >= 0x1100 && (
            c <= 0x115F ||                        // Hangul Jamo initials
            c is 0x231A or 0x231B or 0x23E9 or 0x23EA or 0x23EB or 0x23EC or 0x23F0 or 0x23F3 or 0x25FD or 0x25FE ||
            c is >= 0x2614 and <= 0x2615 || c is >= 0x2648 and <= 0x2653 || c is 0x267F or 0x2693 or 0x26A1 ||
            c is 0x26AA or 0x26AB or 0x26BD or 0x26BE or 0x26C4 or 0x26C5 or 0x26CE or 0x26D4 or 0x26EA ||
            c is 0x26F2 or 0x26F3 or 0x26F5 or 0x26FA or 0x26FD or 0x2705 or 0x270A or 0x270B or 0x2728 ||
            c is 0x274C or 0x274E or 0x2753 or 0x2754 or 0x2755 or 0x2757 or 0x2795 or 0x2796 or 0x2797 ||
            c is 0x27B0 or 0x27BF or 0x2B1B or 0x2B1C or 0x2B50 or 0x2B55 ||
            c is >= 0x2E80 and <= 0x303E ||       // CJK radicals, symbols and punctuation
            c is >= 0x3041 and <= 0x33FF ||       // kana, bopomofo, CJK compatibility
            c is >= 0x3400 and <= 0x4DBF ||       // CJK extension A
            c is >= 0x4E00 and <= 0x9FFF ||       // CJK unified ideographs
            c is >= 0xA000 and <= 0xA4CF ||       // Yi
            c is >= 0xA960 and <= 0xA97F ||       // Hangul Jamo extended A
            c is >= 0xAC00 and <= 0xD7A3 ||       // Hangul syllables
            c is >= 0xF900 and <= 0xFAFF ||       // CJK compatibility ideographs
            c is >= 0xFE10 and <= 0xFE19 ||       // vertical forms
            c is >= 0xFE30 and <= 0xFE6F ||       // CJK compatibility forms, small forms
            c is >= 0xFF00 and <= 0xFF60 ||       // fullwidth forms
            c is >= 0xFFE0 and <= 0xFFE6 ||
            c is >= 0x16FE0 and <= 0x18CFF ||     // Tangut, Khitan
            c is >= 0x1B000 and <= 0x1B2FF ||     // kana supplements
            c is 0x1F004 or 0x1F0CF or 0x1F18E ||
            c is >= 0x1F1E6 and <= 0x1F1FF ||     // regional indicators (a pair is a flag) c is >= 0x1F191 and <= 0x1F19A ||
            c is >= 0x1F200 and <= 0x1F251 ||     // enclosed ideographic supplement
            c is >= 0x1F300 and <= 0x1F64F ||     // pictographs, emoticons
            c is >= 0x1F680 and <= 0x1F6FF ||     // transport and map
            c is >= 0x1F7E0 and <= 0x1F7EB ||
            c is >= 0x1F90C and <= 0x1F9FF ||     // supplemental symbols and pictographs
            c is >= 0x1FA70 and <= 0x1FAFF ||     // symbols and pictographs extended A
            c is >= 0x20000 and <= 0x3FFFD);      // CJK extensions B..H
}
