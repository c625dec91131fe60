using System.Diagnostics;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>Full discovery's event handlers: called by <see cref="TplListener"/> on the thread that raised the event.</summary>
internal sealed partial class Discovery
{
    private const int ExecutionWork = 2;
    private const int CancelledStatus = 2;
    private const int FaultedStatus = 3;

    internal void OnBegin(int id, string operationName)
    {
        if (!OperationNames.IsAsyncMethod(operationName)
            || OperationNames.IsExplicitCompletion(operationName))
        {
            return;
        }

        var older = _registry.ByTplId(id);
        if (older is not null)
        {
            Reused(id, older);
        }

        var info = _infos.For(operationName);
        var record = _registry.TryAdd(TaskOrigin.Discovered, info.Name);
        if (record is null)
        {
            return;
        }

        record.OperationName = operationName;
        record.Method = info.Method;
        record.ParentId = RunStack.Top(this)?.Id ?? CurrentTask.Value?.Id ?? 0;
        if (_stacks.Mode != CreationStackMode.Off)
        {
            record.CreationStack = _stacks.For(operationName, 0);
            record.Site = SiteOf(record.CreationStack, info.Method);
        }

        _registry.Index(id, record, older);
        _metrics.Created();
    }

    internal void OnEnd(int id, int status)
    {
        var record = _registry.ByTplId(id);
        if (record is null || record.Origin == TaskOrigin.Explicit || Volatile.Read(ref record.FollowedByObject) != 0)
        {
            return;
        }

        // Task objects are claimed from the runtime's table in bulk (each query, each sweep), not per task: a task
        // that ends first never costs a handle. A fault needs its object now, for the exception the runtime stores
        // just after this event; so does an id two live tasks share, to know which of them ended. Then the object's
        // completion ends the record.
        if (status == FaultedStatus || record.Shadowed is not null)
        {
            ClaimTaskObject(record);
            if (FollowObject(record))
            {
                return;
            }
        }

        var start = Volatile.Read(ref record.RunStartTimestamp);
        if (start != 0)
        {
            Account(record, Stopwatch.GetTimestamp() - start);
        }

        var outcome = status switch
        {
            CancelledStatus => TaskOutcome.Cancelled,
            FaultedStatus => TaskOutcome.Faulted,
            _ => TaskOutcome.Completed,
        };
        _terminations.Terminate(record, outcome);
    }

    internal void OnRunBegin(int id, int work)
    {
        if (work == ExecutionWork)
        {
            RunStack.Push(this, _registry.ByTplId(id));
        }
    }

    internal void OnRunEnd(int work)
    {
        if (work != ExecutionWork || RunStack.Pop(this) is not { } record)
        {
            return;
        }

        var start = Volatile.Read(ref record.RunStartTimestamp);
        if (start != 0)
        {
            Account(record, Stopwatch.GetTimestamp() - start);
        }
    }

    private void Account(TaskRecord record, long ticks)
    {
        Volatile.Write(ref record.RunStartTimestamp, 0);
        record.BusyTicks += ticks;
        record.RunHistogram = RunTimes.Add(record.RunHistogram, ticks);
        if (ticks > record.LongestRunTicks)
        {
            record.LongestRunTicks = ticks;
        }

        if (ticks > blockingThresholdTicks)
        {
            record.BlockingRuns++;
        }
    }

    private static CreationSite? SiteOf(StackFrameInfo[]? frames, string method)
    {
        if (frames is null)
        {
            return null;
        }

        foreach (var frame in frames)
        {
            if (frame.Method != method && frame.File is not null && frame.Line is { } line)
            {
                return new CreationSite { Member = frame.Method, File = frame.File, Line = line };
            }
        }

        return null;
    }
}
