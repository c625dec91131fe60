using Microsoft.Diagnostics.Runtime;

namespace Taskmon.Attach;

/// <summary>
/// Follows a task's continuation object to the tasks that wait for it: the waiting task itself (async method boxes,
/// WhenAll promises), a delegate whose target is one, a continuation wrapper (<c>m_action</c>, <c>m_task</c>,
/// <c>_continuation</c>), or a list of any of these. A thread blocked in <c>Wait()</c>/<c>.Result</c> shows up as
/// the runtime's <c>SetOnInvokeMres</c> event. Each type's role and fields come from <see cref="TypeRoles"/>.
/// </summary>
internal static class Continuations
{
    private const int MaxDepth = 6;
    private const int MaxListItems = 10_000;

    public static void Resolve(ClrObject continuation, TypeRoles roles, List<ulong> waiters, ref bool blockedThread, int depth = 0)
    {
        if (continuation.IsNull || continuation.Type is not { } type || depth > MaxDepth)
        {
            return;
        }
        var role = roles.Of(type);
        switch (role.Kind)
        {
            case RoleKind.Task or RoleKind.Box:
                waiters.Add(continuation.Address);
                return;
            case RoleKind.BlockedThread:
                blockedThread = true;
                return;
            case RoleKind.List:
                var items = role.Items!.ReadObject(continuation.Address, interior: false);
                if (!items.IsNull && items.IsArray)
                {
                    var array = items.AsArray();
                    var count = Math.Min(Math.Min(role.Size!.Read<int>(continuation.Address, interior: false), array.Length), MaxListItems);
                    for (var i = 0; i < count; i++)
                    {
                        Resolve(array.GetObjectValue(i), roles, waiters, ref blockedThread, depth + 1);
                    }
                }
                return;
        }
        foreach (var field in role.Wrappers ?? [])
        {
            Resolve(field.ReadObject(continuation.Address, interior: false), roles, waiters, ref blockedThread, depth + 1);
        }
    }
}
