using System.Collections.ObjectModel;
using System.Diagnostics.Tracing;

namespace Taskmon.Runtime;

/// <summary>
/// The runtime's <c>System.Threading.Tasks.TplEventSource</c> as Full discovery reads it: keywords, event ids and the
/// payload layout of each event used. A layout is checked against the event's payload names the first time the event
/// arrives (<see cref="Matches"/>); an event of another shape is ignored and reported once, instead of misread.
/// </summary>
internal static class TplEvents
{
    public const string SourceName = "System.Threading.Tasks.TplEventSource";
    public const EventKeywords AsyncCausalityOperation = (EventKeywords)0x8;
    public const EventKeywords AsyncCausalitySynchronousWork = (EventKeywords)0x20;
    public const EventKeywords AsyncMethod = (EventKeywords)0x100;

    public const int TraceOperationBegin = 14;
    public const int TraceOperationEnd = 15;
    public const int TraceSynchronousWorkBegin = 17;
    public const int TraceSynchronousWorkEnd = 18;
    public const int IncompleteAsyncMethod = 27;

    /// <summary>The leading payload fields each event's reader relies on, in order.</summary>
    private static readonly Dictionary<int, string[]> s_layouts = new()
    {
        [TraceOperationBegin] = ["TaskID", "OperationName"],
        [TraceOperationEnd] = ["TaskID", "Status"],
        [TraceSynchronousWorkBegin] = ["TaskID", "Work"],
        [TraceSynchronousWorkEnd] = ["Work"],
        [IncompleteAsyncMethod] = ["stateMachineDescription"],
    };

    /// <summary>Whether <paramref name="payloadNames"/> starts with the fields this reader expects for <paramref name="eventId"/>.</summary>
    public static bool Matches(int eventId, ReadOnlyCollection<string>? payloadNames, out string? actual)
    {
        actual = null;
        if (!s_layouts.TryGetValue(eventId, out var expected))
        {
            return true;
        }

        if (payloadNames is not null && payloadNames.Count >= expected.Length)
        {
            var same = true;
            for (var i = 0; i < expected.Length; i++)
            {
                same &= string.Equals(payloadNames[i], expected[i], StringComparison.OrdinalIgnoreCase);
            }

            if (same)
            {
                return true;
            }
        }

        actual = payloadNames is null ? "no payload names" : "(" + string.Join(", ", payloadNames) + ")";
        return false;
    }

    /// <summary>Expected payload fields of <paramref name="eventId"/>, for messages.</summary>
    public static string Layout(int eventId) => s_layouts.TryGetValue(eventId, out var fields) ? "(" + string.Join(", ", fields) + ")" : "()";
}
