using System.Runtime.CompilerServices;
using Taskmon.Inspection;

namespace Taskmon;

public sealed partial class TaskMonitor
{
    /// <summary>
    /// Starts named, monitored work and returns its task, which completes, faults or cancels exactly as the work does.
    /// The work receives a token the operator can cancel (linked to <paramref name="cancellationToken"/>); its parent is
    /// the monitored task running now; its creation site comes from caller information at no cost.
    /// </summary>
    /// <param name="name">A name for the task, shown by the UIs.</param>
    /// <param name="work">The work; it should observe the token it receives.</param>
    /// <param name="persistent">Keep its termination record in the persistent history (also set by <see cref="PersistentTaskAttribute"/>).</param>
    /// <param name="cancellationToken">The caller's token; cancelling it cancels the work's token too.</param>
    /// <param name="callerMember">Filled in by the compiler.</param>
    /// <param name="callerFile">Filled in by the compiler.</param>
    /// <param name="callerLine">Filled in by the compiler.</param>
    /// <returns>A task mirroring the work's outcome.</returns>
    public Task Run(
        string name,
        Func<CancellationToken, Task> work,
        bool persistent = false,
        CancellationToken cancellationToken = default,
        [CallerMemberName] string callerMember = "",
        [CallerFilePath] string callerFile = "",
        [CallerLineNumber] int callerLine = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(work);
        return Tracking
            ? _explicit.Run(name, work, persistent, cancellationToken, callerMember, callerFile, callerLine)
            : work(cancellationToken);
    }

    /// <summary>Starts named, monitored work that produces a result; see <see cref="Run(string, Func{CancellationToken, Task}, bool, CancellationToken, string, string, int)"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="name">A name for the task, shown by the UIs.</param>
    /// <param name="work">The work; it should observe the token it receives.</param>
    /// <param name="persistent">Keep its termination record in the persistent history.</param>
    /// <param name="cancellationToken">The caller's token; cancelling it cancels the work's token too.</param>
    /// <param name="callerMember">Filled in by the compiler.</param>
    /// <param name="callerFile">Filled in by the compiler.</param>
    /// <param name="callerLine">Filled in by the compiler.</param>
    /// <returns>A task mirroring the work's outcome and result.</returns>
    public Task<T> Run<T>(
        string name,
        Func<CancellationToken, Task<T>> work,
        bool persistent = false,
        CancellationToken cancellationToken = default,
        [CallerMemberName] string callerMember = "",
        [CallerFilePath] string callerFile = "",
        [CallerLineNumber] int callerLine = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(work);
        return Tracking
            ? _explicit.Run(name, work, persistent, cancellationToken, callerMember, callerFile, callerLine)
            : work(cancellationToken);
    }

    /// <summary>
    /// Requests cancellation of a live explicit task and waits up to <paramref name="timeout"/> for it to terminate.
    /// Discovered tasks are <see cref="CancelOutcome.NotCancellable"/>: the monitor owns no token for them.
    /// </summary>
    /// <param name="id">The live id.</param>
    /// <param name="timeout">How long to wait for the task to end.</param>
    /// <param name="cancellationToken">Stops waiting (the cancellation request stands).</param>
    /// <returns>What happened, with the termination record when it ended in time.</returns>
    public async Task<CancelResult> CancelAsync(long id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var record = _registry.ById(id);
        if (record is null)
        {
            return new CancelResult { Outcome = CancelOutcome.NotFound, Id = id };
        }

        var cts = record.Cancellation;
        var work = record.Work;
        if (cts is null || record.Origin != TaskOrigin.Explicit)
        {
            return new CancelResult { Outcome = CancelOutcome.NotCancellable, Id = id, Name = record.Name };
        }

        try
        {
            _capture.Operator(record);
            await cts.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // It terminated between the lookup and the request.
        }
        catch (Exception ex)
        {
            // A callback of the app's threw while cancelling: the request still stands.
            _selfLog.Fault("operator cancel", ex);
        }

        if (work is not null)
        {
            try
            {
                await Task.WhenAny(work, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The caller stopped waiting.
            }

            // The record ends in the continuation that observes the work; give it a moment to land.
            for (var i = 0; i < 50 && work.IsCompleted && Volatile.Read(ref record.Terminated) == 0; i++)
            {
                await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (work is { IsCompleted: true } && Volatile.Read(ref record.Terminated) != 0)
        {
            var entry = _log.ByLiveId(id);
            return new CancelResult { Outcome = CancelOutcome.Cancelled, Id = id, Name = record.Name, Termination = entry is { } ended ? new TerminatedViews(_clock).View(ended) : null };
        }

        return new CancelResult { Outcome = CancelOutcome.TimedOut, Id = id, Name = record.Name };
    }
}
