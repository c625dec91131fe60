using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;

namespace Taskmon.Benchmarks;

/// <summary>
/// The floor under discovery: an in-process listener that enables the same TplEventSource keywords as Taskmon and
/// (on JIT) the same runtime task table, then does nothing with the events. What it costs is the runtime's price for
/// raising and dispatching the events (each one an EventWrittenEventArgs with a boxed payload) and for keeping the
/// table; Taskmon's own work is the difference between a discovery case and its floor.
/// </summary>
internal sealed class FloorListener : EventListener
{
    private const string SourceName = "System.Threading.Tasks.TplEventSource";
    private static EventKeywords s_keywords;
    private static bool s_table;
    private long _events;

    private FloorListener()
    {
    }

    public long Events => Interlocked.Read(ref _events);

    public static FloorListener Start(EventKeywords keywords, bool taskTable)
    {
        // The base constructor reports existing sources before this one's fields exist: keep the choice in statics.
        s_keywords = keywords;
        s_table = taskTable && RuntimeFeature.IsDynamicCodeSupported;
        if (s_table)
        {
            AsyncDebuggingEnabled(null) = true;
        }

        var listener = new FloorListener();
        foreach (var source in EventSource.GetSources())
        {
            // No keywords: the runtime's task table alone (Pending's floor), no event enabled at all.
            if (source.Name == SourceName && keywords != EventKeywords.None)
            {
                listener.EnableEvents(source, EventLevel.Informational, keywords);
            }
        }

        return listener;
    }

    public override void Dispose()
    {
        if (s_table)
        {
            AsyncDebuggingEnabled(null) = false;
        }

        base.Dispose();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName && s_keywords != EventKeywords.None)
        {
            EnableEvents(eventSource, EventLevel.Informational, s_keywords);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData) => Interlocked.Increment(ref _events);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_asyncDebuggingEnabled")]
    private static extern ref bool AsyncDebuggingEnabled(Task? owner);
}
