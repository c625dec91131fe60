namespace Taskmon.Tests.Support;

/// <summary>
/// Every test that starts a monitor runs in this one collection: the runtime's event source and the
/// debugger task table are process-global, so two monitors listening at once would see each other's events.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MonitorCollection
{
    public const string Name = "monitor";
}
