using System.Buffers;
using System.Globalization;
using System.Text;
using Taskmon.Inspection;
using Taskmon.Streaming;

namespace Taskmon.Terminal;

/// <summary>
/// What <c>top</c> shows, in either form (the full-screen view and <c>top --batch</c>): the head lines (counts, thread
/// pool), the warnings and the task table with its columns and sort keys. App text goes through <see cref="SafeText"/>
/// (the table cleans every cell; warnings are cleaned here).
/// </summary>
internal static class TopTable
{
    public static readonly Column[] Columns =
    [
        new("id", AlignRight: true), new("state"), new("name", MinWidth: 8, Shrinks: true), new("method", MinWidth: 10, Shrinks: true),
        new("age", AlignRight: true), new("busy", AlignRight: true), new("busy%", AlignRight: true), new("runs", AlignRight: true),
        new("longest", AlignRight: true),
    ];

    /// <summary>Applies a frame to the rows a viewer holds: a full frame replaces them, a delta adds, updates and removes.</summary>
    public static void Apply(Dictionary<long, WatchRow> rows, WatchFrame frame)
    {
        if (frame.Full)
        {
            rows.Clear();
        }

        foreach (var row in frame.Added)
        {
            rows[row.Id] = row;
        }

        foreach (var row in frame.Changed)
        {
            rows[row.Id] = row;
        }

        foreach (var id in frame.Ended)
        {
            rows.Remove(id);
        }
    }

    /// <summary>Sorts rows by column <paramref name="column"/> (an index into <see cref="Columns"/>), ties by id.</summary>
    /// <remarks>Keys are taken once per row and sorted as structs (no delegate per comparison): 10,000 rows each frame.</remarks>
    public static List<WatchRow> Sort(IEnumerable<WatchRow> rows, int column, bool descending)
    {
        // Pooled: a frame's keys for 10,000 rows would otherwise land on the large object heap every refresh.
        var keys = ArrayPool<SortKey>.Shared.Rent(16);
        var count = 0;
        foreach (var row in rows)
        {
            if (count == keys.Length)
            {
                var larger = ArrayPool<SortKey>.Shared.Rent(count * 2);
                keys.AsSpan(0, count).CopyTo(larger);
                ArrayPool<SortKey>.Shared.Return(keys, clearArray: true);
                keys = larger;
            }

            keys[count++] = column switch
            {
                1 => new SortKey((int)row.State, null, row, descending),
                2 => new SortKey(0, row.Name, row, descending),
                3 => new SortKey(0, row.Method, row, descending),
                4 => new SortKey(-row.StartedAt.UtcTicks, null, row, descending), // older = larger age
                5 => new SortKey(row.BusyTime.Ticks, null, row, descending),
                6 => new SortKey(row.BusyPercent, null, row, descending),
                7 => new SortKey(row.Resumptions, null, row, descending),
                8 => new SortKey(row.LongestRun.Ticks, null, row, descending),
                _ => new SortKey(row.Id, null, row, descending),
            };
        }

        keys.AsSpan(0, count).Sort();
        var result = new List<WatchRow>(count);
        foreach (var key in keys.AsSpan(0, count))
        {
            result.Add(key.Row);
        }

        ArrayPool<SortKey>.Shared.Return(keys, clearArray: true);
        return result;
    }

    public static bool Matches(WatchRow row, string? filter, bool persistentOnly) =>
        (!persistentOnly || row.Persistent)
        && (string.IsNullOrEmpty(filter)
            || row.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
            || row.Method.Contains(filter, StringComparison.OrdinalIgnoreCase)
            || row.Id.ToString(CultureInfo.InvariantCulture) == filter);

    public static string[] Cells(WatchRow row, DateTimeOffset now) =>
    [
        row.Id.ToString(CultureInfo.InvariantCulture),
        row.IsBlocking && row.State == TaskState.Running ? "BLOCKING" : row.State.ToString().ToLowerInvariant(),
        row.Name,
        row.Method,
        TextRenderer.Duration(now - row.StartedAt),
        TextRenderer.Duration(row.BusyTime) + (row.IsBlocking ? "!" : ""),
        row.BusyPercent.ToString("0.0", CultureInfo.InvariantCulture),
        row.Resumptions.ToString(CultureInfo.InvariantCulture),
        TextRenderer.Duration(row.LongestRun),
    ];

    /// <summary>The head: time, counts and thread pool, one or two lines.</summary>
    public static void Head(StringBuilder output, DateTimeOffset time, TaskCounts c, ThreadPoolState p, int shown)
    {
        output.Append(CultureInfo.InvariantCulture,
            $"taskmon top - {time.ToLocalTime():HH:mm:ss}  tasks: {c.Live} live ({shown} shown), {c.Running} running, {c.Blocking} blocking; ended: {c.Completed} completed, {c.Faulted} faulted, {c.Cancelled} cancelled, {c.Lost} lost\n");
        output.Append(CultureInfo.InvariantCulture,
            $"thread pool: {p.ThreadCount} threads, {p.PendingWorkItems} queued, {p.CompletedWorkItems} completed\n");
    }

    /// <summary>The warnings, one line each, at most <paramref name="max"/> lines.</summary>
    public static void Warnings(StringBuilder output, IReadOnlyList<TaskWarning> warnings, int max, int width)
    {
        if (warnings.Count == 0)
        {
            output.Append("no warnings\n");
            return;
        }

        output.Append(CultureInfo.InvariantCulture, $"warnings ({warnings.Count}):\n");
        var lines = Math.Min(warnings.Count, Math.Max(max, 1));
        for (var i = 0; i < lines; i++)
        {
            var w = warnings[i];
            var line = $" ! {Kind(w.Kind),-10} {SafeText.Line(w.Message)}";
            output.Append(DisplayWidth.Cut(line, Math.Max(width, 20))).Append('\n');
        }

        if (warnings.Count > lines)
        {
            output.Append(CultureInfo.InvariantCulture, $"   … and {warnings.Count - lines} more\n");
        }
    }

    public static string Kind(WarningKind kind) => kind switch
    {
        WarningKind.Blocking => "blocking",
        WarningKind.Lost => "lost",
        WarningKind.Starvation => "starvation",
        WarningKind.LongPending => "pending",
        WarningKind.PendingGrowth => "growing",
        _ => "unobserved",
    };

    private readonly record struct SortKey(double Key, string? Text, WatchRow Row, bool Descending) : IComparable<SortKey>
    {
        public int CompareTo(SortKey other)
        {
            var c = Text is null ? Key.CompareTo(other.Key) : string.CompareOrdinal(Text, other.Text);
            return c != 0 ? (Descending ? -c : c) : Row.Id.CompareTo(other.Row.Id);
        }
    }
}
