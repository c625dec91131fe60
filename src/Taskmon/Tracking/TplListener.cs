using System.Diagnostics.Tracing;
using Taskmon.Diagnostics;

namespace Taskmon.Tracking;

/// <summary>
/// An in-process listener on <c>System.Threading.Tasks.TplEventSource</c>. In-process listeners are called
/// synchronously on the thread that raised the event, which is what makes parent links and run timing possible.
/// Every callback is contained: a fault is self-logged and the event dropped.
/// </summary>
internal sealed class TplListener : EventListener
{
    public const string SourceName = "System.Threading.Tasks.TplEventSource";
    public const EventKeywords AsyncCausalityOperation = (EventKeywords)0x8;
    public const EventKeywords AsyncCausalitySynchronousWork = (EventKeywords)0x20;
    public const EventKeywords AsyncMethod = (EventKeywords)0x100;

    private const int TraceOperationBegin = 14;
    private const int TraceOperationEnd = 15;
    private const int TraceSynchronousWorkBegin = 17;
    private const int TraceSynchronousWorkEnd = 18;
    private const int IncompleteAsyncMethod = 27;

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
        var source = _source ?? EventSource.GetSources().FirstOrDefault(static s => s.Name == SourceName);
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
        if (eventSource.Name == SourceName)
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
            var payload = eventData.Payload;
            switch (eventData.EventId)
            {
                case TraceOperationBegin when payload is { Count: >= 2 }:
                    sink.OnBegin((int)payload[0]!, (string)payload[1]!);
                    break;
                case TraceOperationEnd when payload is { Count: >= 2 }:
                    sink.OnEnd((int)payload[0]!, Convert.ToInt32(payload[1], System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case TraceSynchronousWorkBegin when payload is { Count: >= 2 }:
                    sink.OnRunBegin((int)payload[0]!, Convert.ToInt32(payload[1], System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case TraceSynchronousWorkEnd when payload is { Count: >= 1 }:
                    sink.OnRunEnd(Convert.ToInt32(payload[0], System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case IncompleteAsyncMethod when payload is { Count: >= 1 }:
                    sink.OnIncomplete(payload[0] as string ?? string.Empty);
                    break;
            }
        }
        catch (Exception ex)
        {
            _selfLog?.Fault("discovery event " + eventData.EventId, ex);
        }
    }
}
