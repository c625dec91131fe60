using Microsoft.Diagnostics.Runtime;

namespace Taskmon.Attach;

/// <summary>
/// Follows a task's continuation object to the tasks that wait for it: the waiting task itself (async method boxes,
/// WhenAll promises), a delegate whose target is one, a continuation wrapper (<c>m_action</c>, <c>m_task</c>,
/// <c>_continuation</c>), or a list of any of these. A thread blocked in <c>Wait()</c>/<c>.Result</c> shows up as
/// the runtime's <c>SetOnInvokeMres</c> event.
/// </summary>
internal static class Continuations
{
    private const int MaxDepth = 6;
    private const int MaxListItems = 10_000;
    private static readonly string[] s_wrapperFields = ["m_action", "m_task", "_continuation", "_target"];

    public static void Resolve(ClrObject continuation, List<ulong> waiters, ref bool blockedThread, int depth = 0)
    {
        if (continuation.IsNull || continuation.Type is not { } type || depth > MaxDepth)
        {
            return;
        }
        if (TypeRoles.IsTask(type))
        {
            waiters.Add(continuation.Address);
            return;
        }
        var name = type.Name ?? string.Empty;
        if (name.Contains("SetOnInvokeMres", StringComparison.Ordinal))
        {
            blockedThread = true;
            return;
        }
        if (name.StartsWith("System.Collections.Generic.List<", StringComparison.Ordinal))
        {
            if (continuation.TryReadObjectField("_items", out var items) && !items.IsNull && items.IsArray
                && continuation.TryReadField<int>("_size", out var size))
            {
                var array = items.AsArray();
                var count = Math.Min(Math.Min(size, array.Length), MaxListItems);
                for (var i = 0; i < count; i++)
                {
                    Resolve(array.GetObjectValue(i), waiters, ref blockedThread, depth + 1);
                }
            }
            return;
        }
        foreach (var field in s_wrapperFields)
        {
            if (type.GetFieldByName(field) is { IsObjectReference: true } f)
            {
                Resolve(f.ReadObject(continuation.Address, interior: false), waiters, ref blockedThread, depth + 1);
            }
        }
    }
}
