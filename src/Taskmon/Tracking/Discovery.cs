using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>
/// Discovery at its levels (<see cref="DiscoveryLevel"/>), switchable at run time. <see cref="DiscoveryLevel.Full"/>
/// turns TplEventSource events into live records (begin), terminations (end), run-time accounting (synchronous work
/// begin/end) and lost tasks (incomplete async method); <see cref="DiscoveryLevel.Pending"/> reads the runtime's table
/// of pending async methods alone (the claim sweep). A level that a missing runtime member rules out falls back to
/// one that works, with the reason in <see cref="LevelNote"/> and the log.
/// </summary>
internal sealed partial class Discovery(TrackingParts parts, TaskmonOptions options, long blockingThresholdTicks) : IDisposable
{
    private static readonly TimeSpan s_sweepPeriod = TimeSpan.FromSeconds(1);
    private readonly TaskRegistry _registry = parts.Registry;
    private readonly TerminationRecorder _terminations = parts.Terminations;
    private readonly ExplicitTasks _explicit = parts.Explicit;
    private readonly CreationStacks _stacks = parts.Stacks;
    private readonly MachineInfoCache _infos = parts.Infos;
    private readonly AwaitLines _awaitLines = parts.AwaitLines;
    private readonly SourcePaths _paths = parts.Paths;
    private readonly Diagnostics.TaskmonMetrics _metrics = parts.Metrics;
    private readonly Diagnostics.SelfLog _selfLog = parts.SelfLog;
    private readonly Lock _switch = new();
    private TplListener? _listener;
    private Timer? _sweeper;
    private bool _tableHeld;
    private volatile DiscoveryLevel _level;
    private volatile string? _levelNote;

    public DiscoveryLevel Level => _level;

    public bool Enabled => _level != DiscoveryLevel.Off;

    /// <summary>Why the level running is not the one asked for (or what it lacks); null when there is nothing to say.</summary>
    public string? LevelNote => _levelNote;

    public bool ResolvesTaskObjects => _level != DiscoveryLevel.Off && _tableHeld;

    /// <summary>Switches to <paramref name="requested"/>, or to the level this runtime allows instead; returns the level running.</summary>
    public DiscoveryLevel Switch(DiscoveryLevel requested)
    {
        lock (_switch)
        {
            var (level, note) = Choose(requested);
            try
            {
                if (level != _level)
                {
                    if (_level != DiscoveryLevel.Off)
                    {
                        TurnOff();
                    }

                    if (level != DiscoveryLevel.Off && !TurnOn(level, out var failure))
                    {
                        // The table could not be taken after all (Pending): the events still work.
                        note = $"Pending unavailable ({failure}): running Full";
                        TurnOn(DiscoveryLevel.Full, out _);
                    }
                }
            }
            catch (Exception ex)
            {
                _selfLog.Fault("discovery " + requested, ex);
            }

            if (note is not null && note != _levelNote)
            {
                _selfLog.Info($"discovery {QueryVocabulary.DiscoveryLevels.NameOf(requested)} asked for: {note}");
            }

            _levelNote = note;
            return _level;
        }
    }

    public void Dispose() => Switch(DiscoveryLevel.Off);

    private static (DiscoveryLevel Level, string? Note) Choose(DiscoveryLevel requested)
    {
        var table = ActiveTaskTable.Readable(out var tableNote);
        var events = !RuntimeMembers.IsMissing(RuntimeMember.TplEvents);
        return requested switch
        {
            DiscoveryLevel.Pending when table => (DiscoveryLevel.Pending, null),
            DiscoveryLevel.Pending when events => (DiscoveryLevel.Full, $"Pending unavailable ({tableNote}): running Full"),
            DiscoveryLevel.Pending => (DiscoveryLevel.Off, $"Pending unavailable ({tableNote}) and Full too (TplEventSource not as expected): discovery is off"),
            DiscoveryLevel.Full when events => (DiscoveryLevel.Full, table ? null : $"discovered tasks without task objects: methods only, no live stacks ({tableNote})"),
            DiscoveryLevel.Full when table => (DiscoveryLevel.Pending, "Full unavailable (TplEventSource events not as expected): running Pending"),
            DiscoveryLevel.Full => (DiscoveryLevel.Off, $"Full unavailable (TplEventSource events not as expected) and Pending too ({tableNote}): discovery is off"),
            _ => (DiscoveryLevel.Off, null),
        };
    }

    private bool TurnOn(DiscoveryLevel level, out string? failure)
    {
        _tableHeld = ActiveTaskTable.Acquire(out failure);
        if (level == DiscoveryLevel.Pending && !_tableHeld)
        {
            failure ??= "the runtime's task table is not usable here";
            return false;
        }

        _explicit.WorkStarted = AbsorbWork;
        _level = level;
        if (level == DiscoveryLevel.Full)
        {
            var keywords = TplEvents.AsyncCausalityOperation;
            if (options.RunTimeAccounting)
            {
                keywords |= TplEvents.AsyncCausalitySynchronousWork;
            }

            if (options.LostTasks)
            {
                keywords |= TplEvents.AsyncMethod;
            }

            _fresh.Clear();
            _settledFresh.Clear();
            _events = new EventQueue(Handle, _selfLog, drained: EndOfDrain);
            _listener = new TplListener();
            _listener.Open(this, _selfLog, keywords);
        }

        _sweeper = new Timer(static state => ((Discovery)state!).Sweep(), this, s_sweepPeriod, s_sweepPeriod);
        return true;
    }

    private void TurnOff()
    {
        var was = _level;
        _level = DiscoveryLevel.Off;
        _sweeper?.Dispose();
        _sweeper = null;
        _listener?.Close();
        _listener = null;
        _events?.Dispose();
        _events = null;
        ForgetFresh();
        _explicit.WorkStarted = null;
        if (_tableHeld)
        {
            _tableHeld = false;
            ActiveTaskTable.Release();
        }

        _lostReports.Clear();
        var forgotten = _registry.ClearDiscovered();
        _selfLog.Info($"discovery {QueryVocabulary.DiscoveryLevels.NameOf(was)} off: forgot {forgotten} discovered live tasks");
    }

    /// <summary>
    /// An explicit task's work started (on its caller's thread): in Full, after the work's own begin event in that
    /// thread's buffer, so the drain sees them in that order; in Pending, at once.
    /// </summary>
    private void AbsorbWork(TaskRecord explicitRecord, Task work)
    {
        var entry = new TplEventEntry { Kind = TplEventKind.Absorb, Timestamp = DateTime.UtcNow.Ticks, Id = work.Id, Arg = work.IsCompleted ? 1 : 0, Ref = explicitRecord };
        if (_events is not { } events || !events.Post(entry))
        {
            var own = _registry.ByTplId(entry.Id) is { Origin: TaskOrigin.Discovered } discovered && discovered.Id > explicitRecord.Id ? discovered : null;
            Absorb(explicitRecord, entry.Id, entry.Arg != 0, own);
        }
    }

    /// <summary>
    /// The drain's side of <see cref="AbsorbWork"/>. The work's own begin event, if it is an async method, is the last
    /// begin its thread raised before the work returned (the outermost method suspends last), so it is the last record
    /// begun from that thread's buffer; an older live record under the same id is another task's.
    /// </summary>
    private void Absorbed(EventBuffer from, TaskRecord explicitRecord, int id, bool completed)
    {
        ListFresh(id);
        var own = from.LastBegun is { TplId: var tplId } last && tplId == id && _registry.ByTplId(id) == last ? last : null;
        Absorb(explicitRecord, id, completed, own);
    }

    /// <summary>
    /// An explicit task's work is itself an async method: follow its runtime id with the explicit record. The discovered
    /// record under that id is the work's own only when it began after the explicit record (during the work's call);
    /// an older one is another live task whose id the work reuses.
    /// </summary>
    private void Absorb(TaskRecord explicitRecord, int id, bool completed, TaskRecord? own)
    {
        if (own is { Origin: TaskOrigin.Discovered })
        {
            _registry.Forget(own);
        }

        if (!completed && Volatile.Read(ref explicitRecord.Terminated) == 0)
        {
            _registry.Index(id, explicitRecord, _registry.ByTplId(id));
        }
    }
}
