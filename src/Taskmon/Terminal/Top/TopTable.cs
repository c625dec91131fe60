using System.Globalization;
using System.Text;
using Taskmon.Inspection;
using Taskmon.Streaming;

namespace Taskmon.Terminal;

/// <summary>
/// What <c>top</c> shows, in either form (the full-screen view and <c>top --batch</c>): the head lines (counts, thread
/// pool), the warnings and the task table with its columns (<see cref="RankedRows"/> orders the rows). App text goes through <see cref="SafeText"/>
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
}
