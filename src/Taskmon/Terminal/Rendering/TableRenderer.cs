using System.Text;

namespace Taskmon.Terminal;

/// <summary>
/// Lays out rows as a plain-text table no wider than the client's terminal: columns marked
/// <see cref="Column.Shrinks"/> give up width first (cells cut with …), then the rightmost columns.
/// </summary>
internal static class TableRenderer
{
    private const string Gap = "  ";

    public static void Render(StringBuilder output, IReadOnlyList<Column> columns, IReadOnlyList<string[]> rows, int width)
    {
        width = Math.Max(width, 20);
        var widths = new int[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            widths[c] = DisplayWidth.Of(columns[c].Header);
            foreach (var row in rows)
            {
                widths[c] = Math.Max(widths[c], DisplayWidth.Of(Cell(row, c)));
            }
        }

        Fit(columns, widths, width);
        Line(output, columns, widths, columns.Select(c => c.Header).ToArray());
        foreach (var row in rows)
        {
            Line(output, columns, widths, row);
        }
    }

    private static void Fit(IReadOnlyList<Column> columns, int[] widths, int width)
    {
        int Total() => widths.Where(w => w > 0).Sum() + (Gap.Length * Math.Max(widths.Count(w => w > 0) - 1, 0));

        // 1. Shrink the flexible columns, widest first, one character at a time, down to their minimum.
        while (Total() > width)
        {
            var widest = -1;
            for (var c = 0; c < columns.Count; c++)
            {
                var floor = Math.Max(columns[c].MinWidth, Math.Min(columns[c].Header.Length, 4));
                if (columns[c].Shrinks && widths[c] > floor && (widest < 0 || widths[c] > widths[widest]))
                {
                    widest = c;
                }
            }
            if (widest < 0)
            {
                break;
            }
            widths[widest]--;
        }

        // 2. Still too wide: drop columns from the right, but always keep the first.
        for (var c = columns.Count - 1; c > 0 && Total() > width; c--)
        {
            widths[c] = 0;
        }
        // 3. A single column left that is too wide is cut.
        if (Total() > width)
        {
            widths[0] = width;
        }
    }

    private static void Line(StringBuilder output, IReadOnlyList<Column> columns, int[] widths, string[] cells)
    {
        var start = output.Length;
        var first = true;
        for (var c = 0; c < columns.Count; c++)
        {
            if (widths[c] == 0)
            {
                continue;
            }
            if (!first)
            {
                output.Append(Gap);
            }
            first = false;
            output.Append(DisplayWidth.Pad(DisplayWidth.Cut(Cell(cells, c), widths[c]), widths[c], columns[c].AlignRight));
        }
        // No trailing blanks.
        var end = output.Length;
        while (end > start && output[end - 1] == ' ')
        {
            end--;
        }
        output.Length = end;
        output.Append('\n');
    }

    private static string Cell(string[] row, int c) => c < row.Length ? Clean(row[c]) : "";

    /// <summary>Cells are single-line: line breaks become spaces, other controls visible notation (from task names, say).</summary>
    private static string Clean(string text) => SafeText.Line(text);

}
