using System.Text;
using Taskmon.Terminal;

namespace Taskmon.Tests.Terminal;

[Trait("tier", "fast")]
public sealed class LineEditorTests
{
    private static (LineEditor Editor, List<EditAction> Actions, List<string> Lines) Type(string keys, LineEditor? editor = null)
    {
        editor ??= new LineEditor("> ");
        var decoder = new KeyDecoder();
        var decoded = new List<Key>();
        foreach (var b in Encoding.UTF8.GetBytes(keys))
        {
            decoder.Feed(b, decoded);
        }
        var actions = new List<EditAction>();
        var lines = new List<string>();
        foreach (var key in decoded)
        {
            var action = editor.Apply(key, new StringBuilder());
            actions.Add(action);
            if (action == EditAction.Submit)
            {
                lines.Add(editor.TakeLine());
            }
        }
        return (editor, actions, lines);
    }

    [Theory]
    [InlineData("ps\r", "ps")]
    [InlineData("sp\x1b[D\x1b[Dx\r", "xsp")]                 // left arrows, insert
    [InlineData("abc\x01X\x05Y\r", "XabcY")]                  // Ctrl-A, Ctrl-E
    [InlineData("abc\x1b[HX\x1b[FY\r", "XabcY")]              // Home, End (CSI)
    [InlineData("abc\x1bOHX\r", "Xabc")]                      // Home (SS3)
    [InlineData("abcdef\x1b[D\x1b[D\x0b\r", "abcd")]          // Ctrl-K
    [InlineData("abcdef\x1b[D\x1b[D\x15\r", "ef")]            // Ctrl-U
    [InlineData("ps -f work\x17worker\r", "ps -f worker")]    // Ctrl-W
    [InlineData("abc\x7f\x7f\r", "a")]                        // Backspace
    [InlineData("abc\x1b[D\x1b[D\x1b[3~\r", "ac")]            // Delete
    [InlineData("wh\x1b[Cy\r", "why")]                        // Right at end does nothing
    [InlineData("naïve ✓\r", "naïve ✓")]                      // UTF-8
    public void Keys_edit_the_line(string keys, string expected)
    {
        var (_, _, lines) = Type(keys);
        Assert.Equal([expected], lines);
    }

    [Fact]
    public void Up_and_down_walk_the_history_and_come_back_to_the_pending_line()
    {
        var editor = new LineEditor("> ");
        Type("ps\rwhere 1\r", editor);
        var (_, _, lines) = Type("pst\x1b[A\x1b[A\r", editor);
        Assert.Equal(["ps"], lines);
        (_, _, lines) = Type("x\x1b[A\x1b[B\r", editor);
        Assert.Equal(["x"], lines);
        Assert.Equal(["where 1", "ps", "x"], editor.History.TakeLast(3));
    }

    [Fact]
    public void Ctrl_C_and_Ctrl_D_are_reported_and_Ctrl_D_ends_only_an_empty_line()
    {
        var (_, actions, _) = Type("ab\x03");
        Assert.Equal(EditAction.Interrupt, actions[^1]);
        (_, actions, _) = Type("\x04");
        Assert.Equal([EditAction.EndOfInput], actions);
        (_, actions, _) = Type("ab\x1b[D\x04\r");
        Assert.DoesNotContain(EditAction.EndOfInput, actions);
    }

    [Fact]
    public void An_overlong_line_is_cut_at_the_bound()
    {
        var (_, _, lines) = Type(new string('a', LineEditor.MaxLine + 500) + "\r");
        Assert.Equal(LineEditor.MaxLine, Assert.Single(lines).Length);
    }

    [Fact]
    public void Redraw_puts_the_cursor_back_where_it_edits()
    {
        var editor = new LineEditor("> ");
        Type("abcd\x1b[D\x1b[D", editor);
        var echo = new StringBuilder();
        editor.Redraw(echo);
        Assert.Equal("\r> abcd\x1b[K\x1b[2D", echo.ToString());
    }
}
