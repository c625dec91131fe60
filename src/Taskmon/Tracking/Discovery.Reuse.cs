using System.Diagnostics;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>
/// Runtime task ids are 32-bit and wrap (about 72 minutes at a million tasks a second), and events carry only the id:
/// a new task can begin under the id of a task that still lives. Records are told apart by task object: the index
/// follows the newest record for an id (which hands the id back to the older one when it ends), and a record whose id
/// is shared is ended by its own task object's completion rather than by an end event that may be the other task's.
/// </summary>
internal sealed partial class Discovery
{
    private long _reusedIds;

    /// <summary>A task began under an id <paramref name="older"/> still follows: from now on the older record ends by its object.</summary>
    private void Reused(int id, TaskRecord older)
    {
        var count = Interlocked.Increment(ref _reusedIds);
        if ((count & (count - 1)) == 0)
        {
            _selfLog.Info($"runtime task id {id} began again while task {older.Id} still lives (ids wrap): both are followed, by task object where the runtime's task table gives objects ({count} reused ids so far)");
        }

        if (older.Origin == TaskOrigin.Discovered)
        {
            // Its object was claimed when the new task's begin was raised, if the table still had it (OnBegin).
            FollowObject(older);
        }
    }

    /// <summary>
    /// Ends <paramref name="record"/> when its task object completes (at once if it has): true when the record has a
    /// live object to follow, false when it has none (Native AOT, no task table, or the object is gone).
    /// </summary>
    private bool FollowObject(TaskRecord record)
    {
        if (record.WeakTask is not { } weak || !weak.TryGetTarget(out var task))
        {
            return false;
        }

        if (Interlocked.Exchange(ref record.FollowedByObject, 1) == 0)
        {
            task.ContinueWith(
                static (t, state) =>
                {
                    var (self, record) = ((Discovery, TaskRecord))state!;
                    self.Finished(record, t);
                },
                (this, record),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return true;
    }

    private void Finished(TaskRecord record, Task task)
    {
        try
        {
            AccountOpenRun(record, Stopwatch.GetTimestamp());

            var outcome = task.Status switch
            {
                TaskStatus.Faulted => TaskOutcome.Faulted,
                TaskStatus.Canceled => TaskOutcome.Cancelled,
                _ => TaskOutcome.Completed,
            };
            _terminations.Terminate(record, outcome, outcome == TaskOutcome.Faulted ? StateMachineBoxes.PeekException(task) : null);
        }
        catch (Exception ex)
        {
            _selfLog.Fault("discovered end", ex);
        }
    }
}
