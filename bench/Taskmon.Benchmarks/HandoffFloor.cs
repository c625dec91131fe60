using System.Diagnostics.Tracing;
using Microsoft.Extensions.Logging.Abstractions;
using Taskmon.Diagnostics;
using Taskmon.Runtime;
using Taskmon.Tracking;

namespace Taskmon.Benchmarks;

/// <summary>
/// The floor of Full discovery's transport: the same keywords and runtime table as <see cref="FloorListener"/>, and each
/// event's fields read from its payload and appended to the calling thread's buffer of Taskmon's own
/// <see cref="EventQueue"/>, whose background drain reads every event in timestamp order and builds nothing. What Full
/// costs beyond this is building the records; what this costs beyond <see cref="FloorListener"/> is moving the events
/// off the app's threads.
/// </summary>
internal sealed class HandoffFloor : EventListener
{
    private static EventKeywords s_keywords;
    private readonly EventQueue _queue;

    private HandoffFloor()
    {
        _queue = new EventQueue(Handle, new SelfLog(NullLogger.Instance, null));
    }

    public static HandoffFloor Start(EventKeywords keywords)
    {
        s_keywords = keywords;
        ActiveTaskTable.Acquire(out _);
        var listener = new HandoffFloor();
        foreach (var source in EventSource.GetSources())
        {
            if (source.Name == TplEvents.SourceName)
            {
                listener.EnableEvents(source, EventLevel.Informational, keywords);
            }
        }

        return listener;
    }

    public override void Dispose()
    {
        base.Dispose();
        _queue.Dispose();
        ActiveTaskTable.Release();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == TplEvents.SourceName && s_keywords != EventKeywords.None)
        {
            EnableEvents(eventSource, EventLevel.Informational, s_keywords);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // The base constructor can report events before the queue exists.
        if (_queue is not { } queue || eventData.Payload is not { Count: >= 1 } payload)
        {
            return;
        }

        var entry = eventData.EventId switch
        {
            TplEvents.TraceOperationBegin => new TplEventEntry { Kind = TplEventKind.Begin, Id = (int)payload[0]!, Ref = payload[1] },
            TplEvents.TraceOperationEnd => new TplEventEntry { Kind = TplEventKind.End, Id = (int)payload[0]!, Arg = Convert.ToInt32(payload[1], null) },
            TplEvents.TraceSynchronousWorkBegin => new TplEventEntry { Kind = TplEventKind.RunBegin, Id = (int)payload[0]!, Arg = Convert.ToInt32(payload[1], null) },
            TplEvents.TraceSynchronousWorkEnd => new TplEventEntry { Kind = TplEventKind.RunEnd, Arg = Convert.ToInt32(payload[0], null) },
            _ => new TplEventEntry { Kind = TplEventKind.Absorb },
        };
        entry.Timestamp = eventData.TimeStamp.Ticks;
        queue.Post(entry);
    }

    private static void Handle(EventBuffer from, ref TplEventEntry entry, long timestamp)
    {
        // Builds nothing: the floor is the transport alone.
    }
}
