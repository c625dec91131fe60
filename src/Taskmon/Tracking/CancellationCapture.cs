using System.Diagnostics;
using Taskmon.Diagnostics;
using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>
/// Records who cancelled an explicit task. <see cref="CancellationToken.UnsafeRegister(Action{object?}, object?)"/>
/// keeps the canceller's ExecutionContext, and <c>Cancel()</c> runs the callback synchronously on the cancelling
/// thread: so <see cref="CurrentTask"/> names the cancelling task and the stack is the canceller's.
/// </summary>
internal sealed class CancellationCapture(MonitorClock clock, SourcePaths paths, TaskmonMetrics metrics, SelfLog selfLog)
{
    private Action<object?>? _onCallerCancelled;

    /// <summary>
    /// Registers on the caller's token, after the linked token source did: callbacks run last-registered first, so
    /// this runs before the linked source cancels the work (and before the work can end).
    /// </summary>
    public void Attach(TaskRecord record, CancellationToken callerToken)
    {
        if (callerToken.CanBeCanceled)
        {
            // One delegate for every task (the record is the state): no closure or boxed pair per task.
            var callback = _onCallerCancelled ??= state => OnCancelled((TaskRecord)state!);
            record.CallerRegistration = callerToken.UnsafeRegister(callback, record);
        }
    }

    /// <summary>The operator cancels through the monitor: no need to guess.</summary>
    public void Operator(TaskRecord record)
    {
        record.OperatorCancelling = true;
        OnCancelled(record);
    }

    /// <summary>
    /// The work ended cancelled with no canceller seen (it used another token, or another callback of the same token
    /// ran first and completed it inline): when the work's token is cancelled, capture now; the thread is usually still
    /// inside the cancelling call.
    /// </summary>
    public void Late(TaskRecord record)
    {
        if (record.Canceller is null && record.Cancellation is { IsCancellationRequested: true })
        {
            OnCancelled(record);
        }
    }

    private void OnCancelled(TaskRecord record)
    {
        if (record.Canceller is not null)
        {
            return;
        }

        try
        {
            var trace = new StackTrace(1, fNeedFileInfo: true);
            var kind = Classify(record, trace, out var canceller);
            var info = new CancellationInfo
            {
                Kind = kind,
                RequestedAt = clock.ToWall(Stopwatch.GetTimestamp()),
                CancellerTaskId = canceller?.Id,
                CancellerTaskName = canceller?.Name,
                Stack = kind == CancellationKind.CancelAsync ? [] : StackFrames.From(trace, paths),
            };
            record.Canceller ??= info;
            metrics.Cancellation(kind);
        }
        catch (Exception ex)
        {
            selfLog.Fault("cancellation capture", ex);
        }
    }

    private static CancellationKind Classify(TaskRecord record, StackTrace trace, out TaskRecord? canceller)
    {
        canceller = null;
        if (record.OperatorCancelling)
        {
            return CancellationKind.Operator;
        }

        canceller = CurrentTask.Value;

        // What called into the cancellation machinery: the first frame below the callback and token-source frames.
        // (Frames further down do not count: code resumed by a timer and then calling Cancel() is not a timeout.)
        var frames = trace.GetFrames();
        var i = 0;
        while (i < frames.Length && IsCancellationMachinery(FrameName(frames[i])))
        {
            i++;
        }

        var caller = i < frames.Length ? FrameName(frames[i]) : string.Empty;
        if (caller.StartsWith("System.Threading.TimerQueue", StringComparison.Ordinal))
        {
            // CancelAfter / a timeout token source (TimerQueueTimer.Fire is often inlined into FireNextTimers).
            canceller = null;
            return CancellationKind.Timeout;
        }

        if (caller.StartsWith("System.Threading.ExecutionContext.", StringComparison.Ordinal)
            || caller.StartsWith("System.Threading.Tasks.Task.", StringComparison.Ordinal)
            || caller.StartsWith("System.Threading.ThreadPool", StringComparison.Ordinal))
        {
            // CancelAsync runs the callbacks in a pool task: nothing but dispatch frames below the callback loop.
            return CancellationKind.CancelAsync;
        }

        if (canceller == record)
        {
            // The task cancelled its own token: still "by a task", itself.
            return CancellationKind.Task;
        }

        return canceller is null ? CancellationKind.Code : CancellationKind.Task;
    }

    private static bool IsCancellationMachinery(string name) =>
        name.Length == 0
        || name.StartsWith("Taskmon.Tracking.CancellationCapture", StringComparison.Ordinal)
        || name.StartsWith("System.Threading.CancellationTokenSource", StringComparison.Ordinal)
        || name.StartsWith("System.Threading.CancellationTokenRegistration", StringComparison.Ordinal)
        || name.StartsWith("System.Threading.CancellationToken.", StringComparison.Ordinal);

    private static string FrameName(StackFrame frame)
    {
        var info = DiagnosticMethodInfo.Create(frame);
        return info is null ? string.Empty : info.DeclaringTypeName + "." + info.Name;
    }
}
