using System.Globalization;
using System.Text;
using Taskmon.Streaming;

namespace Taskmon.Terminal;

/// <summary>
/// The state of one full-screen <c>top</c> (rows, sort, filter, selection, pause, detail) and its drawing: pure, so
/// tests drive it key by key. Frames keep flowing into the rows while paused; only the picture stays.
/// </summary>
internal sealed class TopView(bool persistentOnly)
{
    private const int MaxWarningLines = 5;
    private const string Reverse = "\x1b[7m";
    private const string Plain = "\x1b[0m";

    private readonly Dictionary<long, WatchRow> _rows = [];
    private readonly RankedRows _shown = new();
    private WatchFrame? _frame;
    private Dictionary<long, WatchRow>? _pausedRows;
    private int _scroll;

    public int SortColumn { get; private set; } = 6; // busy%

    public bool Descending { get; private set; } = true;

    public string Filter { get; private set; } = "";

    /// <summary>The filter being typed after <c>/</c>, or null.</summary>
    public string? Editing { get; private set; }

    public bool PersistentOnly { get; private set; } = persistentOnly;

    public bool Paused { get; private set; }

    public long? Selected { get; private set; }

    /// <summary>The task whose detail is open, or null.</summary>
    public long? Detail { get; private set; }

    public void Apply(WatchFrame frame)
    {
        TopTable.Apply(_rows, frame);
        if (!Paused)
        {
            _frame = frame;
            Refresh();
        }
    }

    /// <summary>Applies a key; returns false when it quits top.</summary>
    public bool OnKey(Key key)
    {
        if (key.Kind == KeyKind.Interrupt || key.Kind == KeyKind.EndOfInput)
        {
            return false;
        }

        if (Editing is { } typed)
        {
            Edit(key, typed);
            return true;
        }

        if (Detail is not null)
        {
            if (key is { Kind: KeyKind.Char, Char: 'q' })
            {
                return false;
            }

            Detail = null;
            return true;
        }

        switch (key.Kind)
        {
            case KeyKind.Up:
                Move(-1);
                break;
            case KeyKind.Down:
                Move(1);
                break;
            case KeyKind.Home:
                Move(-_shown.Count);
                break;
            case KeyKind.End:
                Move(_shown.Count);
                break;
            case KeyKind.Enter:
                Detail = Selected;
                break;
            case KeyKind.Left:
                SortBy((SortColumn + TopTable.Columns.Length - 1) % TopTable.Columns.Length);
                break;
            case KeyKind.Right:
                SortBy((SortColumn + 1) % TopTable.Columns.Length);
                break;
            case KeyKind.Char:
                return OnChar(key.Char);
        }

        return true;
    }

    private bool OnChar(char c)
    {
        switch (c)
        {
            case 'q':
                return false;
            case '<' or ',':
                SortBy((SortColumn + TopTable.Columns.Length - 1) % TopTable.Columns.Length);
                break;
            case '>' or '.':
                SortBy((SortColumn + 1) % TopTable.Columns.Length);
                break;
            case >= '1' and <= '9':
                SortBy(c - '1');
                break;
            case 'r':
                Descending = !Descending;
                Refresh();
                break;
            case '/':
                Editing = Filter;
                break;
            case 'p':
                PersistentOnly = !PersistentOnly;
                Refresh();
                break;
            case ' ':
                Paused = !Paused;
                _pausedRows = Paused ? new Dictionary<long, WatchRow>(_rows) : null;
                Refresh();
                break;
            case 'k':
                Move(-1);
                break;
            case 'j':
                Move(1);
                break;
        }

        return true;
    }

    private void Edit(Key key, string typed)
    {
        switch (key.Kind)
        {
            case KeyKind.Enter:
                Filter = typed;
                Editing = null;
                _scroll = 0;
                Refresh();
                break;
            case KeyKind.Backspace when typed.Length > 0:
                Editing = typed[..^1];
                break;
            case KeyKind.KillToStart:
                Editing = "";
                break;
            case KeyKind.Char when typed.Length < 64 && !SafeText.IsUnsafe(key.Char):
                Editing = typed + key.Char;
                break;
        }
    }

    private void SortBy(int column)
    {
        // Picking the sorted column again reverses it; a new column starts with its natural order for top (largest first).
        Descending = column == SortColumn ? !Descending : column is >= 4;
        SortColumn = column;
        Refresh();
    }

    private void Move(int by)
    {
        if (_shown.Count == 0)
        {
            return;
        }

        var index = Selected is { } id ? _shown.IndexOf(id) : -1;
        index = Math.Clamp(index < 0 ? 0 : index + by, 0, _shown.Count - 1);
        Selected = _shown[index].Id;
    }

    private void Refresh()
    {
        // Only the rows a screen shows get ranked, when drawn (RankedRows): no sort of every row per frame.
        var rows = _pausedRows ?? _rows;
        _shown.Reset(rows.Values, Filter, PersistentOnly, SortColumn, Descending);
        if (Selected is { } id && !(rows.TryGetValue(id, out var row) && TopTable.Matches(row, Filter, PersistentOnly)))
        {
            Selected = null;
        }

        if (Selected is null && _shown.Count > 0)
        {
            Selected = _shown[0].Id;
        }
    }

    /// <summary>The whole screen: cursor home, each line cleared to its end, the rest of the screen cleared.</summary>
    public string Render(int width, int height, string? detailText)
    {
        width = Math.Max(width, 20);
        height = Math.Max(height, 8);
        var lines = new List<string>();
        var text = new StringBuilder();
        if (_frame is { } frame)
        {
            TopTable.Head(text, frame.Time, frame.Counts, frame.ThreadPool, _shown.Count);
        }
        else
        {
            text.Append("taskmon top - waiting for the first frame\n");
        }

        text.Append(Status()).Append('\n');
        if (detailText is not null)
        {
            text.Append('\n').Append(detailText);
            AddLines(lines, text, width);
            return Screen(lines, height, selectedLine: -1);
        }

        TopTable.Warnings(text, _frame?.Warnings ?? [], MaxWarningLines, width);
        text.Append('\n');
        AddLines(lines, text, width);
        text.Clear();
        var room = Math.Max(height - lines.Count - 1, 1);
        _shown.Rank(_scroll + room); // the selected row is usually on screen: found among these
        var index = Selected is { } id ? _shown.IndexOf(id) : -1;
        if (index >= 0)
        {
            _scroll = Math.Clamp(_scroll, Math.Max(0, index - room + 1), index);
        }

        _scroll = Math.Clamp(_scroll, 0, Math.Max(0, _shown.Count - room));
        var now = _frame?.Time ?? DateTimeOffset.UtcNow;
        var end = Math.Min(_scroll + room, _shown.Count);
        var visible = new List<string[]>(end - _scroll);
        for (var i = _scroll; i < end; i++)
        {
            visible.Add(TopTable.Cells(_shown[i], now));
        }

        TableRenderer.Render(text, TopTable.Columns, visible, width);
        var tableStart = lines.Count;
        AddLines(lines, text, width);
        return Screen(lines, height, index >= 0 ? tableStart + 1 + index - _scroll : -1);
    }

    private string Status()
    {
        var status = new StringBuilder();
        if (Editing is { } typed)
        {
            return $"filter: {SafeText.Line(typed)}_   (Enter applies, empty clears)";
        }

        status.Append(CultureInfo.InvariantCulture, $"sort: {TopTable.Columns[SortColumn].Header} {(Descending ? "desc" : "asc")}");
        if (Filter.Length > 0)
        {
            status.Append("  filter: ").Append(SafeText.Line(Filter));
        }

        if (PersistentOnly)
        {
            status.Append("  persistent only");
        }

        if (Paused)
        {
            status.Append("  PAUSED");
        }

        status.Append(Detail is null
            ? "  | keys: up/down select, Enter detail, < > or 1-9 sort, r reverse, / filter, p persistent, space pause, q quit"
            : "  | any key: back to the table, q quit");
        return status.ToString();
    }

    private static void AddLines(List<string> lines, StringBuilder text, int width)
    {
        foreach (var line in text.ToString().Split('\n'))
        {
            lines.Add(DisplayWidth.Cut(line, width));
        }

        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
    }

    private static string Screen(List<string> lines, int height, int selectedLine)
    {
        var screen = new StringBuilder("\x1b[H");
        for (var i = 0; i < Math.Min(lines.Count, height); i++)
        {
            if (i > 0)
            {
                screen.Append("\r\n");
            }

            screen.Append(i == selectedLine ? Reverse + lines[i] + Plain : lines[i]).Append("\x1b[K");
        }

        return screen.Append("\x1b[J").ToString();
    }
}
