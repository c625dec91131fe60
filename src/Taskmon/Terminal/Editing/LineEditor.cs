using System.Text;

namespace Taskmon.Terminal;

/// <summary>
/// Server-side line editing for character-mode clients: cursor movement, Home/End,
/// Ctrl-A/E/K/U/W, history. Writes the ANSI output that shows each change into a buffer the
/// session sends; holds no socket, so it is tested key by key.
/// </summary>
internal sealed class LineEditor
{
    /// <summary>Longest line kept; further characters are ignored.</summary>
    public const int MaxLine = 4096;

    /// <summary>History entries kept.</summary>
    public const int MaxHistory = 200;

    private readonly StringBuilder _line = new();
    private readonly List<string> _history = [];
    private int _cursor;
    private int _historyIndex;
    private string _pending = "";

    public LineEditor(string prompt) => Prompt = prompt;

    public string Prompt { get; }

    public string Text => _line.ToString();

    public int Cursor => _cursor;

    public IReadOnlyList<string> History => _history;

    /// <summary>Applies one key; appends what the terminal must show to <paramref name="echo"/>.</summary>
    public EditAction Apply(Key key, StringBuilder echo)
    {
        switch (key.Kind)
        {
            case KeyKind.Char:
                if (_line.Length >= MaxLine)
                {
                    return EditAction.None;
                }
                _line.Insert(_cursor, key.Char);
                _cursor++;
                if (char.IsHighSurrogate(key.Char))
                {
                    return EditAction.None; // shown with its low half, never alone
                }
                if (_cursor == _line.Length)
                {
                    if (char.IsLowSurrogate(key.Char) && _cursor >= 2 && char.IsHighSurrogate(_line[_cursor - 2]))
                    {
                        echo.Append(_line[_cursor - 2]);
                    }
                    echo.Append(key.Char);
                }
                else
                {
                    Redraw(echo);
                }
                return EditAction.None;
            case KeyKind.Enter:
                echo.Append("\r\n");
                return EditAction.Submit;
            case KeyKind.Backspace:
                if (_cursor > 0)
                {
                    var start = DisplayWidth.PreviousCluster(_line.ToString(), _cursor);
                    _line.Remove(start, _cursor - start);
                    _cursor = start;
                    Redraw(echo);
                }
                return EditAction.None;
            case KeyKind.Delete:
                if (_cursor < _line.Length)
                {
                    var end = DisplayWidth.NextCluster(_line.ToString(), _cursor);
                    _line.Remove(_cursor, end - _cursor);
                    Redraw(echo);
                }
                return EditAction.None;
            case KeyKind.Left:
                if (_cursor > 0)
                {
                    var text = _line.ToString();
                    var start = DisplayWidth.PreviousCluster(text, _cursor);
                    Move(echo, DisplayWidth.OfCluster(text.AsSpan(start, _cursor - start)), 'D');
                    _cursor = start;
                }
                return EditAction.None;
            case KeyKind.Right:
                if (_cursor < _line.Length)
                {
                    var text = _line.ToString();
                    var end = DisplayWidth.NextCluster(text, _cursor);
                    Move(echo, DisplayWidth.OfCluster(text.AsSpan(_cursor, end - _cursor)), 'C');
                    _cursor = end;
                }
                return EditAction.None;
            case KeyKind.Home:
                _cursor = 0;
                Redraw(echo);
                return EditAction.None;
            case KeyKind.End:
                _cursor = _line.Length;
                Redraw(echo);
                return EditAction.None;
            case KeyKind.KillToEnd:
                _line.Length = _cursor;
                Redraw(echo);
                return EditAction.None;
            case KeyKind.KillToStart:
                _line.Remove(0, _cursor);
                _cursor = 0;
                Redraw(echo);
                return EditAction.None;
            case KeyKind.KillWord:
                KillWord();
                Redraw(echo);
                return EditAction.None;
            case KeyKind.Up:
                Recall(-1, echo);
                return EditAction.None;
            case KeyKind.Down:
                Recall(+1, echo);
                return EditAction.None;
            case KeyKind.Redraw:
                echo.Append("\x1b[2J\x1b[H");
                Redraw(echo);
                return EditAction.None;
            case KeyKind.Tab:
                return EditAction.Complete;
            case KeyKind.Interrupt:
                return EditAction.Interrupt;
            case KeyKind.EndOfInput:
                // Like a shell: Ctrl-D ends the session only on an empty line, else deletes.
                if (_line.Length == 0)
                {
                    return EditAction.EndOfInput;
                }
                return Apply(Key.Of(KeyKind.Delete), echo);
            default:
                return EditAction.None;
        }
    }

    /// <summary>Takes the submitted line, records it in history and starts a new empty line.</summary>
    public string TakeLine()
    {
        var text = _line.ToString();
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && (_history.Count == 0 || _history[^1] != trimmed))
        {
            _history.Add(trimmed);
            if (_history.Count > MaxHistory)
            {
                _history.RemoveAt(0);
            }
        }
        Clear();
        return text;
    }

    /// <summary>Forgets the current line (Ctrl-C) without adding it to history.</summary>
    public void Clear()
    {
        _line.Clear();
        _cursor = 0;
        _historyIndex = _history.Count;
        _pending = "";
    }

    /// <summary>Replaces the text between <paramref name="start"/> and the cursor (a completion).</summary>
    public void ReplaceBeforeCursor(int start, string text, StringBuilder echo)
    {
        start = Math.Clamp(start, 0, _cursor);
        var room = MaxLine - (_line.Length - (_cursor - start));
        if (text.Length > room)
        {
            return;
        }
        _line.Remove(start, _cursor - start);
        _line.Insert(start, text);
        _cursor = start + text.Length;
        Redraw(echo);
    }

    /// <summary>Writes the prompt, the line and puts the terminal cursor where the edit cursor is.</summary>
    public void Redraw(StringBuilder echo)
    {
        echo.Append('\r').Append(Prompt).Append(_line).Append("\x1b[K");
        Move(echo, DisplayWidth.Of(_line.ToString(_cursor, _line.Length - _cursor)), 'D');
    }

    /// <summary>Moves the terminal cursor by <paramref name="columns"/> (terminal columns, not characters).</summary>
    private static void Move(StringBuilder echo, int columns, char direction)
    {
        if (columns == 1)
        {
            echo.Append("\x1b[").Append(direction);
        }
        else if (columns > 1)
        {
            echo.Append("\x1b[").Append(columns).Append(direction);
        }
    }

    private void KillWord()
    {
        var start = _cursor;
        while (start > 0 && _line[start - 1] == ' ')
        {
            start--;
        }
        while (start > 0 && _line[start - 1] != ' ')
        {
            start--;
        }
        _line.Remove(start, _cursor - start);
        _cursor = start;
    }

    private void Recall(int step, StringBuilder echo)
    {
        var target = _historyIndex + step;
        if (target < 0 || target > _history.Count)
        {
            return;
        }
        if (_historyIndex == _history.Count)
        {
            _pending = _line.ToString();
        }
        _historyIndex = target;
        _line.Clear().Append(target == _history.Count ? _pending : _history[target]);
        _cursor = _line.Length;
        Redraw(echo);
    }
}
