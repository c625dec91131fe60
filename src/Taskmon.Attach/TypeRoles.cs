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
}

/// <summary>The fields the scan reads of one type.</summary>
internal sealed record TypeRole(
    RoleKind Kind,
    ClrInstanceField? StateFlags = null,
    ClrInstanceField? Continuation = null,
    ClrInstanceField? StateMachine = null,
    ClrInstanceField? ContinuationState = null,
    ClrInstanceField? SourceContinuation = null);

/// <summary>Classifies heap types by their base types and fields, with a cache keyed by method table.</summary>
internal sealed class TypeRoles
{
    private static readonly TypeRole s_none = new(RoleKind.None);
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
            return new TypeRole(machine is null ? RoleKind.Task : RoleKind.Box, flags, continuation, machine);
        }
        // Channel operations (AsyncOperation<T>) and other IValueTaskSource implementations keep the awaiting
        // box in a continuation-state field.
        if (type.GetFieldByName("_continuationState") is { IsObjectReference: true } state
            && type.GetFieldByName("_continuation") is { IsObjectReference: true } sourceContinuation)
        {
            return new TypeRole(RoleKind.Source, ContinuationState: state, SourceContinuation: sourceContinuation);
        }
        return s_none;
    }
}
