using System.Text;
using Taskmon.Terminal;

namespace Taskmon.Tests.Terminal;

/// <summary>Terminal columns by grapheme cluster and East Asian width, in tables and the line editor.</summary>
[Trait("tier", "fast")]
public sealed class DisplayWidthTests
{
    private const string Cjk = "注文処理";            // four wide ideographs: 8 columns
    private const string Emoji = "job-🚀";            // a surrogate pair drawn two columns wide: 6 columns
    private const string Family = "👨‍👩‍👧";           // one cluster of three emoji joined by ZWJ: 2 columns
    private const string Combining = "cafe\u0301";    // e + combining acute: 4 columns
    private const string Flag = "🇯🇵";                // regional indicator pair: 2 columns

    [Theory]
    [InlineData("plain", 5)]
    [InlineData(Cjk, 8)]
    [InlineData(Emoji, 6)]
    [InlineData(Family, 2)]
    [InlineData(Combining, 4)]
    [InlineData(Flag, 2)]
    [InlineData("ｆｕｌｌ", 8)]
    [InlineData("✓ ok", 4)]
    public void Columns_count_clusters_and_wide_characters(string text, int columns) =>
        Assert.Equal(columns, DisplayWidth.Of(text));

    [Theory]
    [InlineData(Cjk, 5, "注文…")]                      // 2+2+1: a third ideograph would not fit
    [InlineData(Emoji, 5, "job-…")]                    // the rocket is not split in half
    [InlineData(Family + "abc", 3, Family + "…")]      // the joined family stays whole
    [InlineData(Combining + "-x", 5, Combining + "…")] // the accent stays on its letter
    public void Cutting_never_splits_a_cluster_and_fits_the_columns(string text, int width, string expected)
    {
        var cut = DisplayWidth.Cut(text, width);
        Assert.Equal(expected, cut);
        Assert.True(DisplayWidth.Of(cut) <= width);
    }

    [Fact]
    public void Table_columns_stay_aligned_with_cjk_emoji_and_combining_marks()
    {
        var output = new StringBuilder();
        TableRenderer.Render(output, [new Column("name"), new Column("state")],
            [[Cjk, "Waiting"], [Emoji, "Running"], [Family, "Waiting"], [Combining, "Running"], ["ascii", "Waiting"]], 80);
        var lines = output.ToString().TrimEnd('\n').Split('\n');
        var stateColumns = lines.Skip(1).Select(l => DisplayWidth.Of(l[..l.IndexOf(l.Contains("Waiting", StringComparison.Ordinal) ? "Waiting" : "Running", StringComparison.Ordinal)])).Distinct().ToList();
        Assert.Single(stateColumns);
        Assert.Equal(DisplayWidth.Of(lines[0][..lines[0].IndexOf("state", StringComparison.Ordinal)]), stateColumns[0]);
    }

    [Fact]
    public void A_narrow_table_cuts_wide_names_within_the_width()
    {
        var output = new StringBuilder();
        TableRenderer.Render(output, [new Column("name", Shrinks: true, MinWidth: 4), new Column("state")],
            [[Cjk + Cjk + Cjk, "Waiting"], [Emoji + Emoji + Emoji, "Running"]], 20);
        Assert.All(output.ToString().TrimEnd('\n').Split('\n'), l => Assert.True(DisplayWidth.Of(l) <= 20, $"'{l}' is {DisplayWidth.Of(l)} columns"));
        Assert.DoesNotContain('\uFFFD', output.ToString());
        Assert.False(HasLoneSurrogate(output.ToString()));
    }

    [Fact]
    public void The_editor_moves_over_whole_clusters_by_their_width()
    {
        var editor = new LineEditor("> ");
        var echo = new StringBuilder();
        foreach (var c in "a" + Cjk[0] + Emoji[^2..] + Combining[^2..])
        {
            editor.Apply(new Key(KeyKind.Char, c), echo);
        }
        Assert.False(HasLoneSurrogate(echo.ToString()));
        Assert.Equal("a" + Cjk[0] + Emoji[^2..] + Combining[^2..], echo.ToString());

        var moves = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            echo.Clear();
            editor.Apply(Key.Of(KeyKind.Left), echo);
            moves.Add(echo.ToString());
        }
        // e + accent is one column, the rocket two, the ideograph two, 'a' one; the cursor is then at the start.
        Assert.Equal(["\x1b[D", "\x1b[2D", "\x1b[2D", "\x1b[D"], moves);
        Assert.Equal(0, editor.Cursor);

        echo.Clear();
        editor.Apply(Key.Of(KeyKind.End), echo);
        editor.Apply(Key.Of(KeyKind.Left), echo);
        editor.Apply(Key.Of(KeyKind.Left), echo);
        echo.Clear();
        editor.Apply(Key.Of(KeyKind.Backspace), echo);
        // Backspace took the whole ideograph; the redraw moves back over rocket + e-acute: 3 columns.
        Assert.Equal("a" + Emoji[^2..] + Combining[^2..], editor.Text);
        Assert.EndsWith("\x1b[K\x1b[3D", echo.ToString(), StringComparison.Ordinal);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[++i])))
            {
                return true;
            }
            if (char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                return true;
            }
        }
        return false;
    }
}
