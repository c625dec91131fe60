using System.Text;
using Taskmon.Terminal;

namespace Taskmon.Tests.Terminal;

[Trait("tier", "fast")]
public sealed class TableRendererTests
{
    private static readonly Column[] Columns =
    [
        new("id", AlignRight: true), new("name", Shrinks: true, MinWidth: 6), new("method", Shrinks: true, MinWidth: 8), new("age", AlignRight: true),
    ];

    private static readonly string[][] Rows =
    [
        ["1", "producer", "Demo.Pipeline.ProduceAsync", "12s"],
        ["42", "worker-with-a-long-name-3", "Demo.Pipeline.ConsumeAsync.SomeVeryLongMethodName", "3m4s"],
    ];

    [Theory]
    [InlineData(200)]
    [InlineData(60)]
    [InlineData(40)]
    [InlineData(25)]
    public void No_line_is_wider_than_the_terminal(int width)
    {
        var output = new StringBuilder();
        TableRenderer.Render(output, Columns, Rows, width);
        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.True(l.Length <= width, $"'{l}' is {l.Length} > {width}"));
        Assert.StartsWith("id", lines[0].TrimStart());
    }

    [Fact]
    public void A_wide_terminal_shows_every_cell_whole_and_aligned()
    {
        var output = new StringBuilder();
        TableRenderer.Render(output, Columns, Rows, 200);
        var text = output.ToString();
        Assert.Contains("Demo.Pipeline.ConsumeAsync.SomeVeryLongMethodName", text, StringComparison.Ordinal);
        var lines = text.Split('\n');
        Assert.Equal(lines[1].IndexOf("producer", StringComparison.Ordinal), lines[2].IndexOf("worker", StringComparison.Ordinal));
        Assert.DoesNotContain('…', text);
    }

    [Fact]
    public void A_narrow_terminal_cuts_the_shrinking_columns_with_an_ellipsis()
    {
        var output = new StringBuilder();
        TableRenderer.Render(output, Columns, Rows, 50);
        Assert.Contains('…', output.ToString());
        Assert.Contains("3m4s", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_cells_cannot_break_the_layout()
    {
        var output = new StringBuilder();
        TableRenderer.Render(output, [new Column("name")], [["evil\nname\x1b[2J"]], 80);
        Assert.Equal(2, output.ToString().TrimEnd('\n').Split('\n').Length);
        Assert.DoesNotContain('\x1b', output.ToString());
    }
}
