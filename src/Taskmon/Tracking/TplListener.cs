using System.Diagnostics.Tracing;
using Taskmon.Diagnostics;
using Taskmon.Runtime;

namespace Taskmon.Tracking;

/// <summary>
/// An in-process listener on <c>System.Threading.Tasks.TplEventSource</c>. In-process listeners are called
/// synchronously on the thread that raised the event, which is what makes parent links and run timing possible.
/// Every callback is contained: a fault is self-logged and the event dropped.
/// </summary>
internal sealed class TplListener : EventListener
{
    // Event ids whose payload layout was checked (bit per id below 32) and found unlike TplEvents' (ignored since).
    private int _checked;
    private int _mismatched;

    // The base constructor calls OnEventSourceCreated before this type's fields are set: remember the source, enable later.
    private EventSource? _source;
    private Discovery? _sink;
    private SelfLog? _selfLog;
    private volatile bool _closed;
    private EventKeywords _keywords;

    public void Open(Discovery sink, SelfLog selfLog, EventKeywords keywords)
    {
        _sink = sink;
        _selfLog = selfLog;
        _keywords = keywords;
        var source = _source ?? EventSource.GetSources().FirstOrDefault(static s => s.Name == TplEvents.SourceName);
        if (source is null)
        {
            // Under Native AOT the source is created lazily, on the first task: OnEventSourceCreated enables it then.
            if (AppContext.TryGetSwitch("System.Diagnostics.Tracing.EventSource.IsSupported", out var supported) && !supported)
            {
                selfLog.Info("EventSource is not supported in this app: discovery is unavailable (under Native AOT, set <EventSourceSupport>true</EventSourceSupport>)");
            }

            return;
        }

        Enable(source);
    }

    private void Enable(EventSource source)
    {
        _source = source;
        if (_keywords != EventKeywords.None && !_closed)
        {
            EnableEvents(source, EventLevel.Informational, _keywords);
        }
    }

    public void Close()
    {
        _closed = true;
        if (_source is { } source)
        {
            try
            {
                DisableEvents(source);
            }
            catch (Exception ex)
            {
                _selfLog?.Fault("listener close", ex);
            }
        }

        Dispose();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == TplEvents.SourceName)
        {
            // Called from the base constructor too, before Open: then _keywords is still None and Open enables.
            Enable(eventSource);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (_closed || _sink is not { } sink)
        {
            return;
        }

        try
        {
            var id = eventData.EventId;
            if (!LayoutChecked(eventData, id))
            {
                return;
            }

            // The runtime stamps each event as it raises it (the floor pays for that clock read): the drain orders and
            // times by that stamp, so the callback reads no clock of its own.
            var payload = eventData.Payload;
            switch (id)
            {
                case TplEvents.TraceOperationBegin when payload is { Count: >= 2 }:
                    sink.OnBegin((int)payload[0]!, (string)payload[1]!, eventData.TimeStamp.Ticks);
                    break;
                case TplEvents.TraceOperationEnd when payload is { Count: >= 2 }:
                    sink.OnEnd((int)payload[0]!, Int32Of(payload[1]), eventData.TimeStamp.Ticks);
                    break;
                case TplEvents.TraceSynchronousWorkBegin when payload is { Count: >= 2 }:
                    sink.OnRunBegin((int)payload[0]!, Int32Of(payload[1]), eventData.TimeStamp.Ticks);
                    break;
                case TplEvents.TraceSynchronousWorkEnd when payload is { Count: >= 1 }:
                    sink.OnRunEnd(Int32Of(payload[0]), eventData.TimeStamp.Ticks);
                    break;
                case TplEvents.IncompleteAsyncMethod when payload is { Count: >= 1 }:
                    sink.OnIncomplete(payload[0] as string ?? string.Empty);
                    break;
            }
        }
        catch (Exception ex)
        {
            _selfLog?.Fault("discovery event " + eventData.EventId, ex);
        }
    }

    /// <summary>An enum payload field (status, work kind) arrives boxed as its enum type or as an int.</summary>
    private static int Int32Of(object? value) => value is int number ? number : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// True when the event's payload has the layout <see cref="TplEvents"/> reads: checked on the first event of each id,
    /// remembered after. An event of another layout is ignored from then on, reported once to the seam's self-check.
    /// </summary>
    private bool LayoutChecked(EventWrittenEventArgs eventData, int id)
    {
        if (id is < 0 or >= 32)
        {
            return true;
        }

        var bit = 1 << id;
        if ((Volatile.Read(ref _checked) & bit) != 0)
        {
            return (Volatile.Read(ref _mismatched) & bit) == 0;
        }

        var matches = TplEvents.Matches(id, eventData.PayloadNames, out var actual);
        if (!matches)
        {
            Interlocked.Or(ref _mismatched, bit);
            var note = $"event {id} has payload {actual}, expected {TplEvents.Layout(id)}: the event is ignored";
            if (RuntimeMembers.ReportMissing(RuntimeMember.TplEvents, note))
            {
                _selfLog?.Info($"runtime member not as expected: {RuntimeMembers.Describe(RuntimeMember.TplEvents)}: {note}");
            }
        }

        Interlocked.Or(ref _checked, bit);
        return matches;
    }
}
