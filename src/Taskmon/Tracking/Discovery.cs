using System.Diagnostics;
using Taskmon.Diagnostics;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>
/// Automatic discovery: turns TplEventSource events into live records (begin), terminations (end), run-time
/// accounting (synchronous work begin/end) and lost tasks (incomplete async method). Switchable at run time.
/// Hot path per event: a dictionary lookup or insert and a few field writes.
/// </summary>
internal sealed partial class Discovery(
    TaskRegistry registry,
    TerminationRecorder terminations,
    ExplicitTasks explicitTasks,
    CreationStacks stacks,
    TaskmonMetrics metrics,
    SelfLog selfLog,
    TaskmonOptions options,
    long blockingThresholdTicks,
    AwaitLines awaitLines,
    SourcePaths paths,
    MachineInfoCache infos) : IDisposable
{
    private const int ExecutionWork = 2;
    private const int CancelledStatus = 2;
    private const int FaultedStatus = 3;

    private const string ExplicitCompletion = "Async: <TaskmonExplicitCompletion";
    private static readonly TimeSpan s_sweepPeriod = TimeSpan.FromSeconds(1);
    private readonly Lock _switch = new();
    private TplListener? _listener;
    private Timer? _sweeper;
    private bool _tableHeld;
    private volatile bool _enabled;

    public bool Enabled => _enabled;

    public bool ResolvesTaskObjects => _enabled && _tableHeld;

    public void Switch(bool on)
    {
        lock (_switch)
        {
            if (on == _enabled)
            {
                return;
            }

            try
            {
                if (on)
                {
                    TurnOn();
                }
                else
                {
                    TurnOff();
                }
            }
            catch (Exception ex)
            {
                selfLog.Fault(on ? "discovery on" : "discovery off", ex);
            }
        }
    }

    public void Dispose() => Switch(false);

    internal void OnBegin(int id, string operationName)
    {
        if (!OperationNames.IsAsyncMethod(operationName)
            || operationName.StartsWith(ExplicitCompletion, StringComparison.Ordinal))
        {
            return;
        }

        var older = registry.ByTplId(id);
        if (older is not null)
        {
            Reused(id, older);
        }

        var info = infos.For(operationName);
        var record = registry.TryAdd(TaskOrigin.Discovered, info.Name);
        if (record is null)
        {
            return;
        }

        record.OperationName = operationName;
        record.Method = info.Method;
        record.ParentId = RunStack.Top(this)?.Id ?? CurrentTask.Value?.Id ?? 0;
        if (stacks.Mode != CreationStackMode.Off)
        {
            record.CreationStack = stacks.For(operationName, 0);
            record.Site = SiteOf(record.CreationStack, info.Method);
        }

        registry.Index(id, record, older);
        metrics.Created();
    }

    internal void OnEnd(int id, int status)
    {
        var record = registry.ByTplId(id);
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
        terminations.Terminate(record, outcome);
    }

    internal void OnRunBegin(int id, int work)
    {
        if (work == ExecutionWork)
        {
            RunStack.Push(this, registry.ByTplId(id));
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

    private void Attach(TaskRecord record, Task task)
    {
        var info = infos.ForTask(task, out var machine);
        if (info is not null)
        {
            record.Machine = machine;
            record.Method = info.Method;
            record.Name = info.Name;
            record.Persistent |= info.Persistent;
            record.Monitor = info.Monitor;
        }

        record.WeakTask = new WeakReference<Task>(task);
    }

    private void Claim(int id, Task task)
    {
        if (registry.ByTplId(id) is { Origin: TaskOrigin.Discovered, WeakTask: null } record)
        {
            Attach(record, task);
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

    private void TurnOn()
    {
        var keywords = TplListener.AsyncCausalityOperation;
        if (options.RunTimeAccounting)
        {
            keywords |= TplListener.AsyncCausalitySynchronousWork;
        }

        if (options.LostTasks)
        {
            keywords |= TplListener.AsyncMethod;
        }

        _tableHeld = ActiveTaskTable.Acquire(out var failure);
        if (failure is not null)
        {
            selfLog.Info($"discovery without task objects (methods only, no live stacks): {failure}");
        }
        explicitTasks.WorkStarted = AbsorbWork;
        _enabled = true;
        _listener = new TplListener();
        _listener.Open(this, selfLog, keywords);
        _sweeper = new Timer(static state => ((Discovery)state!).Sweep(), this, s_sweepPeriod, s_sweepPeriod);
    }

    private void TurnOff()
    {
        _enabled = false;
        _sweeper?.Dispose();
        _sweeper = null;
        _listener?.Close();
        _listener = null;
        explicitTasks.WorkStarted = null;
        if (_tableHeld)
        {
            _tableHeld = false;
            ActiveTaskTable.Release();
        }

        _lostReports.Clear();
        var forgotten = registry.ClearDiscovered();
        selfLog.Info($"discovery off: forgot {forgotten} discovered live tasks");
    }

    /// <summary>
    /// An explicit task's work is itself an async method: follow its runtime id with the explicit record. The discovered
    /// record under that id is the work's own only when it began after the explicit record (during the work's call);
    /// an older one is another live task whose id the work reuses.
    /// </summary>
    private void AbsorbWork(TaskRecord explicitRecord, Task work)
    {
        var id = work.Id;
        if (registry.ByTplId(id) is { Origin: TaskOrigin.Discovered } discovered && discovered.Id > explicitRecord.Id)
        {
            registry.Forget(discovered);
        }

        if (!work.IsCompleted)
        {
            registry.Index(id, explicitRecord, registry.ByTplId(id));
        }
    }
}
