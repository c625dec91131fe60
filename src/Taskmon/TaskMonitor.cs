using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Taskmon.Diagnostics;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.State;
using Taskmon.Streaming;
using Taskmon.Tracking;

namespace Taskmon;

/// <summary>
/// The monitor: tracks the app's async tasks (explicit ones started with <see cref="Run(string, Func{CancellationToken, Task}, bool, CancellationToken, string, string, int)"/>,
/// and every async method when discovery is on), keeps a bounded termination history, and answers the queries the
/// terminal and web UIs render. Nothing it does throws into or blocks the app: its own faults go to the logger.
/// </summary>
public sealed partial class TaskMonitor : IDisposable, IAsyncDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> the monitor publishes: <c>Taskmon</c>.</summary>
    public const string MeterName = TaskmonMetrics.MeterName;

    private static TaskMonitor? s_current;
    private readonly TaskmonOptions _options;
    private readonly SelfLog _selfLog;
    private readonly TaskmonMetrics _metrics;
    private readonly MonitorClock _clock = new();
    private readonly TaskRegistry _registry;
    private readonly TerminationLog _log;
    private readonly TerminationRecorder _terminations;
    private readonly CreationStacks _stacks;
    private readonly CancellationCapture _capture;
    private readonly ExplicitTasks _explicit;
    private readonly LiveTaskViews _views;
    private readonly TaskLists _lists;
    private readonly AwaitLines _awaitLines = new();
    private readonly TraceBuilder _traces;
    private readonly Discovery _discovery;
    private readonly WatchHub _watch;
    private int _state; // 0 created, 1 running, 2 disposed
    private int _levelAtStart;

    private TaskMonitor(TaskmonOptions options, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        _options = options;
        _levelAtStart = (int)options.Discovery;
        _selfLog = new SelfLog((loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Taskmon"), options.SelfLog);
        _registry = new TaskRegistry(Math.Max(1, options.MaxLiveTasks));
        _log = new TerminationLog(options.HistoryCapacity, options.PersistentHistoryCapacity, options.RecordCompleted);
        var thresholdTicks = (long)(options.BlockingThreshold.TotalSeconds * Stopwatch.Frequency);
        _metrics = new TaskmonMetrics(() => _registry.LiveCount, CountBlocking, _selfLog, meterFactory);
        var paths = new SourcePaths(options.SourceRoot ?? AppContext.BaseDirectory);
        var infos = new MachineInfoCache();
        _views = new LiveTaskViews(_clock, thresholdTicks);
        _terminations = new TerminationRecorder(_registry, _log, _metrics, _selfLog, paths);
        _stacks = new CreationStacks(options.CreationStacks, options.StackSampleInterval, paths);
        _capture = new CancellationCapture(_clock, paths, _metrics, _selfLog);
        _explicit = new ExplicitTasks(_registry, _terminations, _capture, new CallSites(paths, _stacks), infos, _metrics, _selfLog);
        var terminatedViews = new TerminatedViews(_clock);
        _lists = new TaskLists(_log, _views, terminatedViews);
        _traces = new TraceBuilder(_registry, _log, _views, terminatedViews, _awaitLines, paths);
        _discovery = new Discovery(new TrackingParts(_registry, _terminations, _explicit, _stacks, infos, _awaitLines, paths, _metrics, _selfLog), options, thresholdTicks);
        var warnings = new WarningRules(_log, _clock, options.PendingWarningThreshold);
        _watch = new WatchHub(new FrameBuilder(_registry, _log, _views, _clock, _discovery, warnings, thresholdTicks), _selfLog);
    }

    /// <summary>The monitor started last and not yet disposed, or null: handy for code without dependency injection.</summary>
    public static TaskMonitor? Current => Volatile.Read(ref s_current);

    /// <summary>Whether the monitor is running (started and not disposed).</summary>
    public bool IsRunning => Volatile.Read(ref _state) == 1;

    /// <summary>
    /// Automatic discovery at its level, switchable at run time; starts as <see cref="TaskmonOptions.Discovery"/>. The
    /// level that runs may differ from the one asked for when the runtime rules it out (Pending under Native AOT runs
    /// Full): <see cref="GetStatus"/> says which and why. Switching it forgets the discovered live tasks (their end would
    /// never be seen); explicit tasks are unaffected. Set before a hosted monitor starts, it decides the level it starts
    /// with; the options object given to the monitor is never changed.
    /// </summary>
    public DiscoveryLevel DiscoveryLevel
    {
        get => Volatile.Read(ref _state) == 0 ? (DiscoveryLevel)Volatile.Read(ref _levelAtStart) : _discovery.Level;
        set
        {
            Volatile.Write(ref _levelAtStart, (int)value);
            if (IsRunning)
            {
                _discovery.Switch(value);
            }
        }
    }

    /// <summary>Whether any discovery runs; setting true asks for <see cref="DiscoveryLevel.Full"/>, false for <see cref="DiscoveryLevel.Off"/>.</summary>
    public bool DiscoveryEnabled
    {
        get => DiscoveryLevel != DiscoveryLevel.Off;
        set => DiscoveryLevel = value ? DiscoveryLevel.Full : DiscoveryLevel.Off;
    }

    /// <summary>Creates and starts a monitor (for console apps; hosted apps use <c>services.AddTaskmon()</c>).</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="loggerFactory">Where the monitor logs its own messages and faults; none when null.</param>
    /// <returns>The running monitor, also available as <see cref="Current"/>.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid (a value out of range, a
    /// non-loopback terminal address without <c>AllowRemote</c> and a <c>Token</c>); the message names each key. A terminal
    /// port already taken is logged, not thrown.</exception>
    public static TaskMonitor Start(TaskmonOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new TaskmonOptions();
        TaskmonOptionsValidation.ThrowIfInvalid(options);
        var monitor = Create(options, loggerFactory);
        monitor.Activate();
        return monitor;
    }

    /// <summary>
    /// Stops tracking: discovery is switched off and explicit tasks started afterwards run untracked. The terminal stops
    /// accepting and its sessions are told to end, without waiting for them; <see cref="DisposeAsync"/> waits.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        StopTerminal();
        StopTracking();
    }

    /// <summary>
    /// Stops tracking as <see cref="Dispose"/> does and waits (up to 5 seconds) for the terminal's accept loop and open
    /// sessions to end, so nothing of the monitor runs once it completes. Hosted monitors are stopped this way.
    /// </summary>
    /// <returns>A task that completes when the terminal has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        await StopTerminalAsync().ConfigureAwait(false);
        StopTracking();
    }

    private void StopTracking()
    {
        try
        {
            _watch.Stop();
            _discovery.Dispose();
            _metrics.Dispose();
            _awaitLines.Dispose();
        }
        catch (Exception ex)
        {
            _selfLog.Fault("dispose", ex);
        }

        Interlocked.CompareExchange(ref s_current, null, this);
    }

    /// <summary>A monitor not yet started; its meter comes from <paramref name="meterFactory"/> when given (the host's, under <c>AddTaskmon</c>).</summary>
    internal static TaskMonitor Create(TaskmonOptions options, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory = null) => new(options, loggerFactory, meterFactory);

    internal void Activate()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            return;
        }

        Volatile.Write(ref s_current, this);
        CheckRuntimeMembers();
        if (Volatile.Read(ref _levelAtStart) is var level and not 0)
        {
            _discovery.Switch((DiscoveryLevel)level);
        }

        StartTerminal();
    }

    internal SelfLog SelfLog => _selfLog;

    /// <summary>The seam's self-check (<see cref="RuntimeMembers"/>): one log line per private runtime member not found.</summary>
    private void CheckRuntimeMembers()
    {
        try
        {
            foreach (var check in RuntimeMembers.Check())
            {
                if (!check.Found)
                {
                    _selfLog.Info($"runtime member not found: {check.Member} ({check.Note}); unavailable: {check.Feature}");
                }
            }
        }
        catch (Exception ex)
        {
            _selfLog.Fault("runtime self-check", ex);
        }
    }

    // Seams for tests that play runtime events (an id reused by a second task) and count registry scans.
    internal Discovery Discovery => _discovery;

    internal TaskRegistry Registry => _registry;

    internal WatchHub WatchHub => _watch;

    private int CountBlocking()
    {
        _discovery.Flush();
        var now = Stopwatch.GetTimestamp();
        var count = 0;
        foreach (var record in _registry.Snapshot())
        {
            if (_views.IsBlockingNow(record, now))
            {
                count++;
            }
        }

        return count;
    }

    private bool Tracking => Volatile.Read(ref _state) == 1;

    private static bool IsAot => !RuntimeFeature.IsDynamicCodeSupported;
}
