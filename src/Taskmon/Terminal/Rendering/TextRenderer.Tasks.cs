using System.Globalization;
using System.Text;
using Taskmon.Commands;
using Taskmon.Inspection;

namespace Taskmon.Terminal;

/// <summary>Text for the task commands: ps, where, ps-terminated, where-terminated, tracking.</summary>
internal static partial class TextRenderer
{
    private const int MaxFrames = 12;

    private static readonly Column[] PsColumns =
    [
        new("id", AlignRight: true), new("state"), new("name", MinWidth: 8, Shrinks: true), new("method", MinWidth: 10, Shrinks: true),
        new("created at", MinWidth: 10, Shrinks: true), new("since", AlignRight: true), new("busy", AlignRight: true), new("runs", AlignRight: true),
    ];

    private static readonly Column[] PstColumns =
    [
        new("trace"), new("name", MinWidth: 8, Shrinks: true), new("method", MinWidth: 10, Shrinks: true), new("outcome"),
        new("started"), new("terminated"), new("error", MinWidth: 10, Shrinks: true),
    ];

    private static void Ps(StringBuilder output, PsResult p, int width)
    {
        var filtered = p.Page.TotalMatching != p.Live ? $", {p.Page.TotalMatching} matching" : "";
        output.Append(CultureInfo.InvariantCulture, $"{p.Live} tasks running (showing {p.Page.Items.Count}{filtered})\n");
        if (p.Page.Items.Count == 0)
        {
            return;
        }
        var rows = p.Page.Items.Select(item =>
        {
            var t = item.Task;
            var name = (p.Tree ? new string(' ', Math.Min(item.Depth, 20) * 2) + (item.Depth > 0 ? "└ " : "") : "") + t.Name;
            var state = t.IsBlocking ? "BLOCKING" : t.State.ToString().ToLowerInvariant();
            var busy = t.Resumptions == 0 && t.BusyTime == TimeSpan.Zero ? "-" : Duration(t.BusyTime) + (t.BlockingRuns > 0 ? "!" : "");
            return new[]
            {
                t.Id.ToString(CultureInfo.InvariantCulture), state, name, t.Method, Site(t.Site), Duration(t.Age), busy,
                t.Resumptions.ToString(CultureInfo.InvariantCulture),
            };
        }).ToList();
        TableRenderer.Render(output, PsColumns, rows, width);
        if (p.Page.Items.Any(i => i.Task.IsBlocking || i.Task.BlockingRuns > 0))
        {
            output.Append("BLOCKING: the current run holds its thread now; ! after busy: some run blocked its thread (sync over async?)\n");
        }
    }

    private static void Where(StringBuilder output, WhereResult w, int width)
    {
        var trace = w.Trace;
        var t = trace.Task;
        output.Append(CultureInfo.InvariantCulture, $"Task {t.Id} {t.Name} ({t.Method}): {(t.IsBlocking ? "blocking its thread" : t.State.ToString().ToLowerInvariant())}, running for {Duration(t.Age)}\n");
        if (t.Resumptions > 0)
        {
            output.Append(CultureInfo.InvariantCulture, $"  busy {Duration(t.BusyTime)} over {t.Resumptions} runs, longest {Duration(t.LongestRun)}\n");
            RunTimeHistogram(output, trace.RunTimes);
        }
        output.Append("\nCreation chain (this task first):\n");
        Chain(output, trace.CreationChain, width, w.Full);
        output.Append("\nAsync stack (innermost await first):\n");
        if (trace.AsyncStack.Count == 0)
        {
            output.Append("  (none available)\n");
        }
        foreach (var frame in trace.AsyncStack)
        {
            output.Append("  ").Append(DisplayWidth.Cut(frame.ToString(), Math.Max(width - 2, 20))).Append('\n');
        }
        if (trace.StackNote is { Length: > 0 } note)
        {
            output.Append("Note: ").Append(note).Append('\n');
        }
    }

    /// <summary>The run-time histogram as bars, one line per bucket from the first to the last non-empty one.</summary>
    internal static void RunTimeHistogram(StringBuilder output, IReadOnlyList<RunTimeBucket> buckets)
    {
        var first = -1;
        var last = -1;
        var max = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].Count > 0)
            {
                first = first < 0 ? i : first;
                last = i;
                max = Math.Max(max, buckets[i].Count);
            }
        }
        if (first < 0)
        {
            return;
        }
        output.Append("  run times:\n");
        for (var i = first; i <= last; i++)
        {
            var b = buckets[i];
            var label = b.UpperBound is { } upper ? "< " + Duration(upper) : ">= " + Duration(b.LowerBound);
            var bar = new string('#', (int)Math.Ceiling(20.0 * b.Count / max));
            output.Append(CultureInfo.InvariantCulture, $"    {label,-9} {b.Count,4} {(b.Count == 0 ? "" : bar)}\n");
        }
    }

    private static void PsTerminated(StringBuilder output, PsTerminatedResult r, int width)
    {
        output.Append(CultureInfo.InvariantCulture, $"{r.Page.TotalMatching} terminated tasks recorded (showing {r.Page.Items.Count}, newest first)\n");
        if (r.Page.Items.Count == 0)
        {
            return;
        }
        var rows = r.Page.Items.Select(t => new[]
        {
            t.TraceId, t.Name, t.Method, CancelCommand.Outcome(t.Outcome), Time(t.StartedAt), Time(t.TerminatedAt), t.ExceptionSummary ?? "",
        }).ToList();
        TableRenderer.Render(output, PstColumns, rows, width);
    }

    private static void WhereTerminated(StringBuilder output, WhereTerminatedResult r, int width)
    {
        var trace = r.Trace;
        var t = trace.Task;
        output.Append(CultureInfo.InvariantCulture,
            $"Trace {t.TraceId}: task {t.Id} {t.Name} ({t.Method}) {CancelCommand.Outcome(t.Outcome)} at {Time(t.TerminatedAt)} after {Duration(t.TerminatedAt - t.StartedAt)}\n");
        if ((trace.ExceptionText ?? t.ExceptionSummary) is { } exception)
        {
            output.Append("Exception: ").Append(FirstLines(exception, 8)).Append('\n');
        }

        if (trace.CancellationChain.Count > 0)
        {
            output.Append("\nCancellation chain:\n");
            var n = 1;
            foreach (var link in trace.CancellationChain)
            {
                var by = link.CancellerTaskId is { } id
                    ? $"by task {id}{(link.CancellerTaskName is { } nm ? " " + nm : "")}{(r.LiveCancellers.Contains(id) ? " (still running)" : "")}"
                    : link.Kind switch
                    {
                        CancellationKind.Timeout => "by a timeout (CancelAfter)",
                        CancellationKind.Operator => "by an operator (cancel command)",
                        CancellationKind.CancelAsync => "through CancelAsync: the canceller is not known",
                        CancellationKind.Code => "by code outside any monitored task",
                        _ => "by an unknown canceller",
                    };
                output.Append(CultureInfo.InvariantCulture, $"  {n++}. cancelled {by} at {Time(link.RequestedAt)}\n");
                Frames(output, link.Stack, width, "       ", r.Full);
            }
        }

        output.Append('\n');
        if (t.Outcome == TaskOutcome.Completed)
        {
            output.Append("Ran to completion.\n");
        }
        else if (trace.TerminationStack.Count > 0)
        {
            output.Append("Termination stack:\n");
            Frames(output, trace.TerminationStack, width, "  ", r.Full);
        }
        else
        {
            output.Append("No termination stack recorded.\n");
        }

        if (trace.CreationChain.Count > 0)
        {
            output.Append("\nCreation chain:\n");
            Chain(output, trace.CreationChain, width, r.Full);
        }
    }

    private static void Tracking(StringBuilder output, TrackingResult r)
    {
        if (r.Change is { } change)
        {
            output.Append(Ok).Append(' ').Append(change).Append('\n');
        }
        var s = r.Status;
        output.Append(CultureInfo.InvariantCulture, $"Explicit tasks     {(s.Explicit ? "on" : "off")}\n");
        output.Append(CultureInfo.InvariantCulture, $"Discovery          {QueryVocabulary.DiscoveryLevels.NameOf(s.Level)}\n");
        if (s.LevelNote is { } note)
        {
            output.Append(CultureInfo.InvariantCulture, $"  why              {note}\n");
        }

        if (s.Level == Hosting.DiscoveryLevel.Full)
        {
            output.Append(CultureInfo.InvariantCulture, $"Events dropped     {s.EventsDropped}\n");
        }

        output.Append(CultureInfo.InvariantCulture, $"Run-time accounting {(s.RunTimeAccounting ? "on" : "off")}\n");
        output.Append(CultureInfo.InvariantCulture, $"Lost tasks         {(s.LostTasks ? "on" : "off")}\n");
        output.Append(CultureInfo.InvariantCulture, $"Creation stacks    {s.CreationStacks}\n");
        output.Append(CultureInfo.InvariantCulture, $"Runtime            {(s.NativeAot ? "Native AOT (async stacks show methods and await numbers only)" : "JIT")}\n");
        var missing = s.RuntimeMembers.Where(static m => !m.Found).ToList();
        output.Append(CultureInfo.InvariantCulture, $"Runtime members    {s.RuntimeMembers.Count - missing.Count} of {s.RuntimeMembers.Count} found\n");
        foreach (var member in missing)
        {
            output.Append(CultureInfo.InvariantCulture, $"  missing          {member.Member}: no {member.Feature}{(member.Note is null ? "" : $" ({member.Note})")}\n");
        }

    }

    private static void Chain(StringBuilder output, IReadOnlyList<CreationLink> chain, int width, bool full)
    {
        if (chain.Count == 0)
        {
            output.Append("  (unknown)\n");
        }
        foreach (var link in chain)
        {
            var site = link.Site is null ? "" : $" created in {link.Site}";
            output.Append(CultureInfo.InvariantCulture, $"  {link.Id} {link.Name} ({link.Method}){(link.Terminated ? " [ended]" : "")}{site}\n");
            Frames(output, link.CreationStack, width, "      ", full);
        }
    }

    // Collapsed stacks stop at MaxFrames lines; full ones (--full) show every frame the core kept.
    private static void Frames(StringBuilder output, IReadOnlyList<StackFrameInfo> frames, int width, string indent, bool full)
    {
        var max = full ? int.MaxValue : MaxFrames;
        foreach (var frame in frames.Take(max))
        {
            output.Append(indent).Append(DisplayWidth.Cut(frame.ToString(), Math.Max(width - indent.Length, 20))).Append('\n');
        }
        if (frames.Count > max)
        {
            output.Append(indent).Append(CultureInfo.InvariantCulture, $"… {frames.Count - max} more frames\n");
        }
    }

    private static string Site(CreationSite? site) =>
        site is null ? "" : $"{Path.GetFileName(site.File)}:{site.Line.ToString(CultureInfo.InvariantCulture)}";

    private static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string FirstLines(string text, int lines)
    {
        var parts = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        return parts.Length <= lines ? string.Join('\n', parts) : string.Join('\n', parts.Take(lines)) + "\n…";
    }

    /// <summary>A short human duration: 850µs, 12ms, 3.4s, 4m05s, 2h03m, 1d02h.</summary>
    internal static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        return span.TotalMilliseconds switch
        {
            < 1 => $"{span.TotalMicroseconds:0}µs",
            < 1000 => $"{span.TotalMilliseconds:0}ms",
            < 60_000 => $"{span.TotalSeconds:0.0}s",
            < 3_600_000 => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
            < 86_400_000 => $"{(int)span.TotalHours}h{span.Minutes:00}m",
            _ => $"{(int)span.TotalDays}d{span.Hours:00}h",
        };
    }
}
