namespace Taskmon.Inspection;

/// <summary>How the monitor learned about a task.</summary>
public enum TaskOrigin
{
    /// <summary>Started through <see cref="TaskMonitor.Run(string, Func{CancellationToken, Task}, bool, CancellationToken, string, string, int)"/>.</summary>
    Explicit = 0,

    /// <summary>An async method seen by automatic discovery (runtime events), with no code change.</summary>
    Discovered = 1,
}
