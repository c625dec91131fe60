using System.Diagnostics;
using Taskmon.Diagnostics;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>A record taken out of the registry when it ended, its history entry still to be made (<see cref="TerminationRecorder.RecordRemoved"/>).</summary>
internal readonly record struct SettledRecord(TaskRecord Record, TaskOutcome Outcome, long EndTimestamp);

/// <summary>Moves a record from the live registry to the termination history, once, and reports it.</summary>
internal sealed class TerminationRecorder(TaskRegistry registry, TerminationLog log, TaskmonMetrics metrics, SelfLog selfLog, SourcePaths paths)
{
    /// <summary>
    /// Terminates <paramref name="record"/> (ended at <paramref name="endTimestamp"/>, now when 0); returns the stored
    /// entry, or null when not stored (or already terminated).
    /// </summary>
    public TerminatedEntry? Terminate(TaskRecord record, TaskOutcome outcome, Exception? exception = null, string? stuckAt = null, long endTimestamp = 0) =>
        registry.TryRemove(record) ? Record(record, outcome, exception, stuckAt, endTimestamp, store: true) : null;

    /// <summary>
    /// Terminates records the caller took out of the registry itself (<see cref="TaskRegistry.TryRemove"/>) as they
    /// ended, in the order they ended: Full discovery's drain, for the short tasks of one drain. When more of them would
    /// go to the history than it holds, the oldest would be overwritten by the newest before anyone could read them
    /// (a query drains first): those are counted, numbered and reported like the others, but no entry is built.
    /// </summary>
    public void RecordRemoved(List<SettledRecord> removed)
    {
        // How many of this batch's entries for the ring the batch itself would overwrite: the oldest that many.
        var overwritten = -log.Capacity;
        foreach (var settled in removed)
        {
            if (InRing(settled))
            {
                overwritten++;
            }
        }

        foreach (var settled in removed)
        {
            var store = true;
            if (overwritten > 0 && InRing(settled))
            {
                overwritten--;
                store = false;
            }

            Record(settled.Record, settled.Outcome, null, null, settled.EndTimestamp, store);
        }
    }

    private bool InRing(in SettledRecord settled) => !settled.Record.Persistent && log.Stores(settled.Outcome, persistent: false);

    private TerminatedEntry? Record(TaskRecord record, TaskOutcome outcome, Exception? exception, string? stuckAt, long endTimestamp, bool store)
    {
        var stored = log.Tally(outcome, record.Persistent);
        if (!stored || !store)
        {
            if (stored)
            {
                // Overwritten unseen: its number is still taken, so the entries kept are numbered as if it had been stored.
                log.NextSequence();
            }

            metrics.Terminated(outcome);
            Release(record);
            return null;
        }

        var entry = new TerminatedEntry
        {
            Sequence = log.NextSequence(),
            Id = record.Id,
            Name = HistoryText.Cap(record.Name),
            Method = HistoryText.Cap(MethodOf(record)),
            Origin = record.Origin,
            Persistent = record.Persistent,
            Monitor = record.Monitor,
            Outcome = outcome,
            StartTimestamp = record.StartTimestamp,
            EndTimestamp = endTimestamp != 0 ? endTimestamp : Stopwatch.GetTimestamp(),
            ParentId = record.ParentId,
            Site = record.Site,
            CreationStack = record.CreationStack,
            ExceptionSummary = exception is null ? null : HistoryText.Cap(CauseSummary.Of(exception)),
            ExceptionText = HistoryText.Cap(exception?.ToString()),
            ExceptionFrames = exception is null ? null : ExceptionFrames(exception),
            StuckAt = HistoryText.Cap(stuckAt),
            Canceller = outcome == TaskOutcome.Cancelled ? record.Canceller : null,
            BusyTicks = record.BusyTicks,
            Resumptions = record.Resumptions,
            LongestRunTicks = record.LongestRunTicks,
        };
        log.Add(entry);
        metrics.Terminated(outcome);
        Release(record);
        if (entry.Persistent || outcome == TaskOutcome.Lost)
        {
            Report(entry, exception);
        }

        return entry;
    }

    /// <summary>The record's method, resolved (and kept) on first use: names are built at query time, not on the hot path.</summary>
    public static string MethodOf(TaskRecord record)
    {
        if (record.Method is { } method)
        {
            return method;
        }

        method = record.WorkDelegate is { } work ? MethodNames.OfDelegate(work)
            : record.OperationName is { } operation ? NameDemangler.StateMachineMethod(OperationNames.StateMachineName(operation))
            : record.Name;
        record.Method = method;
        return method;
    }

    private StackFrameInfo[] ExceptionFrames(Exception exception)
    {
        var inner = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        return StackFrames.From(new StackTrace(inner, fNeedFileInfo: true), paths);
    }

    private static void Release(TaskRecord record)
    {
        record.Work = null;
        record.WorkDelegate = null;
        record.WeakTask = null;
        // A long-lived caller token (the app's stopping token) would otherwise keep every ended task's capture.
        record.CallerRegistration.Unregister();
        record.CallerRegistration = default;
        var cts = record.Cancellation;
        record.Cancellation = null;
        cts?.Dispose();
    }

    private void Report(in TerminatedEntry entry, Exception? exception)
    {
        try
        {
            var traceId = TraceIds.Format(entry.Sequence);
            switch (entry.Outcome)
            {
                case TaskOutcome.Faulted when exception is not null:
                    TaskmonLog.PersistentFaulted(selfLog.Logger, entry.Name, entry.Id, traceId, entry.ExceptionSummary ?? string.Empty, exception);
                    break;
                case TaskOutcome.Cancelled:
                    TaskmonLog.PersistentCancelled(selfLog.Logger, entry.Name, entry.Id, traceId, CauseSummary.Of(entry.Canceller));
                    break;
                case TaskOutcome.Lost:
                    TaskmonLog.TaskLost(selfLog.Logger, entry.Method, traceId, entry.StuckAt ?? "awaiting");
                    break;
            }
        }
        catch (Exception ex)
        {
            selfLog.Fault("termination report", ex);
        }
    }
}
