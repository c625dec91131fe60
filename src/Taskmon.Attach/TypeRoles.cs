using Microsoft.Diagnostics.Runtime;

namespace Taskmon.Attach;

/// <summary>What a heap type is to the snapshot; computed once per method table.</summary>
internal enum RoleKind
{
    None,

    /// <summary>A <c>System.Threading.Tasks.Task</c> (or subclass) that is not an async method's box.</summary>
    Task,

    /// <summary>An async state machine box: a task holding the method's state machine.</summary>
    Box,

    /// <summary>A value task source with a continuation slot (channel operations and the like).</summary>
    Source,

    /// <summary>The runtime's event a thread blocked in <c>Wait()</c>/<c>.Result</c> waits on (<c>SetOnInvokeMres</c>).</summary>
    BlockedThread,

    /// <summary>A <c>List&lt;T&gt;</c>: a task's list of several continuations.</summary>
    List,
}

/// <summary>
/// The fields the scan reads of one type, looked up once: the walk then reads each object's fields at known places
/// instead of searching fields by name per object. <see cref="Wrappers"/> are the fields through which a
/// continuation wrapper (a delegate, a continuation object) leads to the task it resumes.
/// </summary>
internal sealed record TypeRole(
    RoleKind Kind,
    ClrType? Type = null,
    ClrInstanceField? StateFlags = null,
    ClrInstanceField? Continuation = null,
    ClrInstanceField? StateMachine = null,
    ClrInstanceField? ContinuationState = null,
    ClrInstanceField? SourceContinuation = null,
    ClrInstanceField? Items = null,
    ClrInstanceField? Size = null,
    ClrInstanceField[]? Wrappers = null)
{
    /// <summary>For a task that is not an async method: what it is (<see cref="TaskNames.KindOf"/>) and, when that
    /// needs no per-object data, its name.</summary>
    public TaskKind TaskKind { get; init; }

    /// <inheritdoc cref="TaskKind"/>
    public string? FixedName { get; init; }
}

/// <summary>Classifies heap types by their base types and fields, with a cache keyed by method table.</summary>
internal sealed class TypeRoles
{
    private static readonly string[] s_wrapperFields = ["m_action", "m_task", "_continuation", "_target"];
    private static readonly TypeRole s_none = new(RoleKind.None, Wrappers: []);
    private readonly Dictionary<ulong, TypeRole> _byMethodTable = [];

    public TypeRole Of(ClrType type)
    {
        if (!_byMethodTable.TryGetValue(type.MethodTable, out var role))
        {
            role = Classify(type);
            _byMethodTable[type.MethodTable] = role;
        }
        return role;
    }

    public static bool IsTask(ClrType? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == "System.Threading.Tasks.Task")
            {
                return true;
            }
        }
        return false;
    }

    private static TypeRole Classify(ClrType type)
    {
        if (type.IsArray || type.IsString || type.IsFree)
        {
            return s_none;
        }
        if (IsTask(type))
        {
            var flags = type.GetFieldByName("m_stateFlags");
            var continuation = type.GetFieldByName("m_continuationObject");
            if (flags is null || continuation is null)
            {
                return s_none;
            }
            var machine = type.GetFieldByName("StateMachine");
            if (machine is not null)
            {
                return new TypeRole(RoleKind.Box, type, flags, continuation, machine);
            }
            var kind = TaskNames.KindOf(type);
            return new TypeRole(RoleKind.Task, type, flags, continuation, Wrappers: WrapperFields(type))
            {
                TaskKind = kind,
                FixedName = TaskNames.FixedName(kind, type),
            };
        }
        var name = type.Name ?? string.Empty;
        if (name.Contains("SetOnInvokeMres", StringComparison.Ordinal))
        {
            return new TypeRole(RoleKind.BlockedThread, type);
        }
        if (name.StartsWith("System.Collections.Generic.List<", StringComparison.Ordinal)
            && type.GetFieldByName("_items") is { IsObjectReference: true } items && type.GetFieldByName("_size") is { } size)
        {
            return new TypeRole(RoleKind.List, type, Items: items, Size: size);
        }
        // Channel operations (AsyncOperation<T>) and other IValueTaskSource implementations keep the awaiting
        // box in a continuation-state field.
        if (type.GetFieldByName("_continuationState") is { IsObjectReference: true } state
            && type.GetFieldByName("_continuation") is { IsObjectReference: true } sourceContinuation)
        {
            return new TypeRole(RoleKind.Source, type, ContinuationState: state, SourceContinuation: sourceContinuation, Wrappers: WrapperFields(type));
        }
        return new TypeRole(RoleKind.None, type, Wrappers: WrapperFields(type));
    }

    private static ClrInstanceField[] WrapperFields(ClrType type)
    {
        List<ClrInstanceField>? found = null;
        foreach (var name in s_wrapperFields)
        {
            if (type.GetFieldByName(name) is { IsObjectReference: true } field)
            {
                (found ??= []).Add(field);
            }
        }
        return found?.ToArray() ?? [];
    }
}
