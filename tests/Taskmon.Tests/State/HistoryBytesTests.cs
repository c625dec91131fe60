using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Taskmon.Inspection;
using Taskmon.State;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.State;

/// <summary>The history is bounded in bytes too: what an entry keeps of the app's exception is capped, the object dropped.</summary>
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed partial class HistoryBytesTests
{
    private const int HugeMessage = 1_000_000;

    [Fact]
    public void A_megabyte_exception_message_is_kept_as_8_KiB_with_a_truncation_marker_and_the_exception_object_is_not_kept()
    {
        using var monitor = TaskMonitor.Start();
        var exception = FailWithHugeMessage(monitor);

        var record = Assert.Single(monitor.GetTerminated(new TerminatedQuery { Outcome = TaskOutcome.Faulted }).Items);
        var text = monitor.GetTerminationTrace(record.TraceId)!.ExceptionText!;
        Assert.Contains("Exception: ", text[..200], StringComparison.Ordinal);
        Assert.EndsWith("xxxxxxxx", text[..HistoryText.MaxChars], StringComparison.Ordinal);
        var marker = Marker().Match(text);
        Assert.True(marker.Success, "no truncation marker at the end of the exception text");
        Assert.Equal(HistoryText.MaxChars, marker.Index);
        Assert.True(int.Parse(marker.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > HugeMessage - HistoryText.MaxChars);

        var summary = record.ExceptionSummary!;
        Assert.StartsWith("InvalidOperationException: xxxx", summary, StringComparison.Ordinal);
        Assert.Equal(HistoryText.MaxChars, Marker().Match(summary).Index);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(exception.TryGetTarget(out _), "the history keeps the exception object (and its megabyte message) alive");
    }

    [Fact]
    public void An_exception_from_deep_recursion_keeps_a_bounded_number_of_frames_and_says_how_many_more_there_were()
    {
        using var monitor = TaskMonitor.Start();
        _ = monitor.Run("deep", _ =>
        {
            Recurse(1000);
            return Task.CompletedTask;
        });

        var record = Assert.Single(monitor.GetTerminated(new TerminatedQuery { Outcome = TaskOutcome.Faulted }).Items);
        var frames = monitor.GetTerminationTrace(record.TraceId)!.TerminationStack;
        Assert.Equal(StackFrames.MaxFrames + 1, frames.Count);
        Assert.All(frames.Take(StackFrames.MaxFrames), f => Assert.EndsWith(nameof(Recurse), f.Method, StringComparison.Ordinal));
        Assert.Matches(@"^… \[truncated, \d+ more frames\]$", frames[^1].Method);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<Exception> FailWithHugeMessage(TaskMonitor monitor)
    {
        var run = monitor.Run("huge", _ => Task.FromException(new InvalidOperationException(new string('x', HugeMessage))));
        Assert.True(run.IsFaulted);
        return new WeakReference<Exception>(run.Exception!.InnerException!);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Recurse(int depth)
    {
        if (depth == 0)
        {
            throw new InvalidOperationException("deep");
        }

        Recurse(depth - 1);
        GC.KeepAlive(depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"… \[truncated, (\d+) chars\]$")]
    private static partial Regex Marker();
}
