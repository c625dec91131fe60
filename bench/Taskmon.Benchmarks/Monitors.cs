using Taskmon.Hosting;

namespace Taskmon.Benchmarks;

/// <summary>The monitor configurations the benchmarks compare.</summary>
internal static class Monitors
{
    /// <summary>Explicit tracking only (discovery off); creation stacks once per site, the default.</summary>
    public static TaskMonitor Explicit() => TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off });

    public static TaskMonitor Discovery(CreationStackMode stacks, bool accounting, bool lostTasks = false) =>
        TaskMonitor.Start(new TaskmonOptions
        {
            Discovery = DiscoveryLevel.Full,
            CreationStacks = stacks,
            RunTimeAccounting = accounting,
            LostTasks = lostTasks,
            RecordCompleted = true,
        });
}
