using Taskmon.Diagnostics;
using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>
/// Starts named, monitored work: a record with a parent (the monitored task running now), a creation site, an
/// owned token source linked to the caller's token, and a canceller capture; the returned task mirrors the work.
/// </summary>
internal sealed class ExplicitTasks(
    TaskRegistry registry,
    TerminationRecorder terminations,
    CancellationCapture capture,
    CallSites sites,
    MachineInfoCache infos,
    TaskmonMetrics metrics,
    SelfLog selfLog)
{
    /// <summary>Set by discovery when it runs, so the work's own task id is absorbed into the explicit record.</summary>
    public Action<TaskRecord, Task>? WorkStarted { get; set; }

    public Task Run(string name, Func<CancellationToken, Task> work, bool persistent, CancellationToken token, string member, string file, int line)
    {
        var record = Begin(name, persistent, token, member, file, line, work);
        if (record is null)
        {
            return work(token);
        }

        var inner = Invoke(record, work);
        return inner.IsCompleted ? EndNow(record, inner) : TaskmonExplicitCompletion(record, inner);
    }

    public Task<T> Run<T>(string name, Func<CancellationToken, Task<T>> work, bool persistent, CancellationToken token, string member, string file, int line)
    {
        var record = Begin(name, persistent, token, member, file, line, work);
        if (record is null)
        {
            return work(token);
        }

        var inner = Invoke(record, work) as Task<T> ?? Task.FromException<T>(new InvalidOperationException($"The work of task '{name}' did not return a Task<{typeof(T).Name}>."));
        return inner.IsCompleted ? EndNow(record, inner) : TaskmonExplicitCompletion(record, inner);
    }

    private TaskRecord? Begin(string name, bool persistent, CancellationToken token, string member, string file, int line, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(work);
        TaskRecord? record = null;
        try
        {
            record = registry.TryAdd(TaskOrigin.Explicit, name);
            if (record is null)
            {
                return null;
            }

            record.Persistent = persistent;
            record.ParentId = CurrentTask.Value?.Id ?? 0;
            record.Site = sites.Resolve(member, file, line, out var stack);
            record.CreationStack = stack;
            record.Cancellation = token.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(token) : new CancellationTokenSource();
            capture.Attach(record, token);
            metrics.Created();
            return record;
        }
        catch (Exception ex)
        {
            selfLog.Fault("explicit task start", ex);
            if (record is not null)
            {
                registry.Forget(record);
            }

            return null;
        }
    }

    private Task Invoke(TaskRecord record, Func<CancellationToken, Task> work)
    {
        var previous = CurrentTask.Push(record);
        Task? inner;
        try
        {
            var token = record.Cancellation!.Token;
            inner = work(token);
        }
        catch (Exception ex)
        {
            inner = ex is OperationCanceledException oce ? Task.FromCanceled(oce.CancellationToken.IsCancellationRequested ? oce.CancellationToken : new CancellationToken(true)) : Task.FromException(ex);
        }
        finally
        {
            CurrentTask.Restore(previous);
        }

        inner ??= Task.FromException(new InvalidOperationException($"The work of task '{record.Name}' returned null instead of a Task."));
        try
        {
            record.Work = inner;
            if (infos.ForTask(inner, out var machine) is { } info)
            {
                record.Method = info.Method;
                record.Machine = machine;
                record.Persistent |= info.Persistent;
            }
            else
            {
                // Not an async method (a plain Task-returning delegate): name it from the delegate, lazily.
                record.WorkDelegate = work;
            }

            WorkStarted?.Invoke(record, inner);
        }
        catch (Exception ex)
        {
            selfLog.Fault("explicit task naming", ex);
        }

        return inner;
    }

    /// <summary>Work that completed before returning: its record ends now and the caller gets the work's own task.</summary>
    private TTask EndNow<TTask>(TaskRecord record, TTask inner)
        where TTask : Task
    {
        End(record, inner);
        return inner;
    }

    private async Task TaskmonExplicitCompletion(TaskRecord record, Task inner)
    {
        try
        {
            await inner.ConfigureAwait(false);
        }
        finally
        {
            End(record, inner);
        }
    }

    private async Task<T> TaskmonExplicitCompletion<T>(TaskRecord record, Task<T> inner)
    {
        try
        {
            return await inner.ConfigureAwait(false);
        }
        finally
        {
            End(record, inner);
        }
    }

    private void End(TaskRecord record, Task inner)
    {
        try
        {
            var outcome = inner.Status switch
            {
                TaskStatus.RanToCompletion => TaskOutcome.Completed,
                TaskStatus.Canceled => TaskOutcome.Cancelled,
                _ => TaskOutcome.Faulted,
            };
            if (outcome == TaskOutcome.Cancelled)
            {
                capture.Late(record);
            }

            terminations.Terminate(record, outcome, outcome == TaskOutcome.Faulted ? inner.Exception : null);
        }
        catch (Exception ex)
        {
            selfLog.Fault("explicit task end", ex);
        }
    }
}
