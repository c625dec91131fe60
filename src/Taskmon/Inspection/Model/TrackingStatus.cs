using Taskmon.Hosting;

namespace Taskmon.Inspection;

/// <summary>What the monitor tracks right now and what this runtime allows.</summary>
public sealed record TrackingStatus
{
    /// <summary>Whether explicit tasks are tracked (always, while the monitor is running).</summary>
    public required bool Explicit { get; init; }

    /// <summary>Whether automatic discovery is on (at any level).</summary>
    public required bool Discovery { get; init; }

    /// <summary>The discovery level running.</summary>
    public required DiscoveryLevel Level { get; init; }

    /// <summary>Why the level running is not the one asked for, or what it lacks here; null when there is nothing to say.</summary>
    public string? LevelNote { get; init; }

    /// <summary>
    /// Full discovery's events that a full per-thread buffer turned away since it started (the background thread that
    /// builds records fell that far behind): the tasks they belonged to may show wrong states. 0 at other levels.
    /// </summary>
    public long EventsDropped { get; init; }

    /// <summary>Whether run-time accounting (busy time, resumptions, blocking) is on.</summary>
    public required bool RunTimeAccounting { get; init; }

    /// <summary>Whether lost-task detection is on.</summary>
    public required bool LostTasks { get; init; }

    /// <summary>The creation stack mode.</summary>
    public required CreationStackMode CreationStacks { get; init; }

    /// <summary>True under Native AOT (no dynamic code): async stacks show methods and states only, no source lines.</summary>
    public required bool NativeAot { get; init; }

    /// <summary>Whether discovered tasks can be resolved to live task objects (JIT only), which gives them full method names and async stacks.</summary>
    public required bool DiscoveredTaskObjects { get; init; }

    /// <summary>The live-task bound.</summary>
    public required int MaxLiveTasks { get; init; }

    /// <summary>The private runtime members the monitor reads, as the start-up self-check found them (a missing one takes only its feature).</summary>
    public required IReadOnlyList<RuntimeMemberCheck> RuntimeMembers { get; init; }
}
