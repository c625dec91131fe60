using System.Text;
using Taskmon.Commands;

namespace Taskmon.Terminal;

/// <summary>Renders command results as terminal text sized to the client's width (lines end with \n).</summary>
internal static partial class TextRenderer
{
    public const string Ok = "✓";
    public const string Fail = "✗";

    public static string Render(CommandResult result, int width)
    {
        var output = new StringBuilder();
        switch (result)
        {
            case MessageResult m:
                output.Append(m.Ok ? Ok : Fail).Append(' ').Append(m.Message).Append('\n');
                break;
            case HelpResult h:
                output.Append(h.Text).Append('\n');
                break;
            case ExitResult:
                output.Append("Bye.\n");
                break;
            case AppCommandResult a:
                if (!a.Ok)
                {
                    output.Append(Fail).Append(' ');
                }
                output.Append(a.Output);
                if (a.Output.Length == 0 || a.Output[^1] != '\n')
                {
                    output.Append('\n');
                }
                break;
            case ThreadPoolResult t:
                ThreadPool(output, t);
                break;
            case StackTraceResult s:
                Stacks(output, s, width);
                break;
            case PsResult p:
                Ps(output, p, width);
                break;
            case WhereResult w:
                Where(output, w, width);
                break;
            case PsTerminatedResult t:
                PsTerminated(output, t, width);
                break;
            case WhereTerminatedResult wt:
                WhereTerminated(output, wt, width);
                break;
            case CancelTaskResult c:
                output.Append(c.Success ? Ok : Fail).Append(' ').Append(c.Message).Append('\n');
                break;
            case TrackingResult tr:
                Tracking(output, tr);
                break;
            case TopResult top:
                TopBatch(output, top, width);
                break;
            case TopScreenRequest:
                output.Append("top needs a terminal that can redraw; try top --batch\n");
                break;
            default:
                output.Append(result).Append('\n');
                break;
        }
        // Every string of the app in any result (names, methods, frames, exception text, app
        // command output) leaves here without control characters.
        return SafeText.Block(output.ToString());
    }

    private static void ThreadPool(StringBuilder output, ThreadPoolResult t)
    {
        output.Append($"Threads           {t.Threads} (min {t.MinWorkerThreads}, max {t.MaxWorkerThreads}; {t.ThreadGrowth:+0;-0;+0} in {t.SampleMilliseconds} ms)\n");
        output.Append($"Queued work items {t.PendingWorkItems} ({t.PendingGrowth:+0;-0;+0} in {t.SampleMilliseconds} ms)\n");
        output.Append($"Completed         {t.CompletedWorkItems} ({t.CompletedPerSecond:0.#}/s)\n");
        output.Append($"I/O threads       min {t.MinIoThreads}, max {t.MaxIoThreads}\n");
        if (t.BlockingTasks is { } blocking)
        {
            output.Append($"Blocking tasks    {blocking} monitored task(s) hold a thread in one run now\n");
        }
        output.Append(t.StarvationSuspected ? Fail : Ok).Append(' ').Append(t.Hint).Append('\n');
    }

    private static void Stacks(StringBuilder output, StackTraceResult s, int width)
    {
        output.Append($"Process {s.ProcessId}: {s.Threads.Count} threads\n");
        TableRenderer.Render(output,
            [new Column("tid", AlignRight: true), new Column("state"), new Column("wait"), new Column("cpu s", AlignRight: true)],
            s.Threads.Select(t => new[] { t.Id.ToString(Inv), t.State, t.WaitReason ?? "", t.CpuSeconds.ToString("0.00", Inv) }).ToList(),
            width);
        output.Append($"\nStack of managed thread {s.CurrentManagedThreadId} (this command):\n");
        foreach (var frame in s.CurrentStack)
        {
            output.Append("  ").Append(DisplayWidth.Cut(frame, Math.Max(width - 2, 20))).Append('\n');
        }
        output.Append('\n').Append(s.Note).Append('\n');
    }

    private static System.Globalization.CultureInfo Inv => System.Globalization.CultureInfo.InvariantCulture;
}
