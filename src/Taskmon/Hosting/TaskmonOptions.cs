using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Taskmon.Inspection;
using Taskmon.Terminal;

namespace Taskmon.Hosting;

/// <summary>
/// Settings of a <see cref="TaskMonitor"/>; bound from the configuration section <c>Taskmon</c> by <c>AddTaskmon</c>.
/// Out-of-range values fail start-up with a message naming the key (<c>Taskmon:HistoryCapacity must be from 1 to …</c>).
/// </summary>
public sealed class TaskmonOptions
{
    /// <summary>The configuration section name, <c>Taskmon</c>.</summary>
    public const string SectionName = "Taskmon";

    /// <summary>
    /// Automatic discovery of async methods (default <see cref="DiscoveryLevel.Pending"/> on JIT, <see cref="DiscoveryLevel.Off"/>
    /// under Native AOT): <see cref="DiscoveryLevel.Pending"/> (the runtime's pending-task table, JIT; cheap enough to
    /// leave on, see docs/perf/taskmon.md) or <see cref="DiscoveryLevel.Full"/> (runtime events). Configuration takes
    /// <c>"Off"</c>, <c>"Pending"</c>, <c>"Full"</c>, and <c>true</c>/<c>false</c> as Full/Off. Switchable at run time with
    /// <see cref="TaskMonitor.DiscoveryLevel"/>. Full under Native AOT needs <c>&lt;EventSourceSupport&gt;true&lt;/EventSourceSupport&gt;</c>.
    /// </summary>
    public DiscoveryLevel Discovery { get; set; } = RuntimeFeature.IsDynamicCodeSupported ? DiscoveryLevel.Pending : DiscoveryLevel.Off;

    /// <summary>Per-task busy time, resumptions and blocking detection (default true; needs <see cref="DiscoveryLevel.Full"/>).</summary>
    public bool RunTimeAccounting { get; set; } = true;

    /// <summary>Report tasks collected before completing as <see cref="TaskOutcome.Lost"/> (default false; needs discovery: Full reports the await, Pending only that the task was collected).</summary>
    public bool LostTasks { get; set; }

    /// <summary>When to capture creation stacks (default <see cref="CreationStackMode.PerSite"/>).</summary>
    public CreationStackMode CreationStacks { get; set; } = CreationStackMode.PerSite;

    /// <summary>With <see cref="CreationStackMode.Sampled"/>, one task in this many captures a stack (default 100).</summary>
    [SettingRange(1, 1_000_000, ErrorMessage = "Taskmon:StackSampleInterval must be from {1} to {2}.")]
    public int StackSampleInterval { get; set; } = 100;

    /// <summary>Capacity of the termination history ring (default 1000).</summary>
    [SettingRange(1, 10_000_000, ErrorMessage = "Taskmon:HistoryCapacity must be from {1} to {2}.")]
    public int HistoryCapacity { get; set; } = 1000;

    /// <summary>Capacity of the separate history of persistent tasks (default 1000).</summary>
    [SettingRange(1, 10_000_000, ErrorMessage = "Taskmon:PersistentHistoryCapacity must be from {1} to {2}.")]
    public int PersistentHistoryCapacity { get; set; } = 1000;

    /// <summary>Record tasks that ran to completion in the history (default true). Set false on busy services so the history keeps only faulted, cancelled and lost tasks.</summary>
    public bool RecordCompleted { get; set; } = true;

    /// <summary>At most this many live tasks are tracked; further ones are counted as dropped (default 200000).</summary>
    [SettingRange(1, 100_000_000, ErrorMessage = "Taskmon:MaxLiveTasks must be from {1} to {2}.")]
    public int MaxLiveTasks { get; set; } = 200_000;

    /// <summary>A single run between two awaits longer than this flags the task as blocking (default 100 ms).</summary>
    [SettingRange("00:00:00.001", "01:00:00", ErrorMessage = "Taskmon:BlockingThreshold must be from {1} to {2}.")]
    public TimeSpan BlockingThreshold { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a task (not persistent) may wait before the watch view's warnings name it as pending too long. Default 5 minutes.</summary>
    [SettingRange("00:00:00.001", "7.00:00:00", ErrorMessage = "Taskmon:PendingWarningThreshold must be from {1} to {2}.")]
    public TimeSpan PendingWarningThreshold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The directory that source paths are shown relative to (default: the app's base directory).</summary>
    public string? SourceRoot { get; set; }

    /// <summary>The terminal UI (telnet on 127.0.0.1:20101 by default): address, port, token, prompt, app commands.</summary>
    [ValidateObjectMembers]
    public TerminalOptions Terminal { get; set; } = new();

    /// <summary>A sink for the monitor's own faults and messages, in addition to the logger (default none).</summary>
    public Action<string>? SelfLog { get; set; }
}
