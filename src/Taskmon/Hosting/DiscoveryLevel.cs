namespace Taskmon.Hosting;

/// <summary>How much the monitor finds out about async methods it was not told about (explicit tasks are always tracked).</summary>
public enum DiscoveryLevel
{
    /// <summary>No discovery: explicit tasks only.</summary>
    Off = 0,

    /// <summary>
    /// The runtime's own table of pending async methods, no event listener (JIT only; cheap enough to leave on): every
    /// async method pending for about a second or more, with its method, state, async stack (await lines) and first-seen
    /// time; no parents, creation sites, run-time accounting or history for discovered tasks. Under Native AOT it falls
    /// back to <see cref="Full"/>, with the reason in the log and in the tracking status.
    /// </summary>
    Pending = 1,

    /// <summary>Every async method through runtime events: parents, creation sites, run-time accounting, history, lost tasks.</summary>
    Full = 2,
}
