using Microsoft.Diagnostics.Runtime;

namespace Taskmon.Attach;

/// <summary>What an async method's box holds: the state machine's type, its state, and the awaiter it is suspended on.</summary>
internal readonly record struct MachineView(ClrType Type, ulong Address, bool Interior, int State, ulong Awaited, string? AwaiterType);

/// <summary>
/// Reads an async state machine out of its box: a class (Debug builds) or a struct stored inline (Release builds).
/// The compiler names the state <c>&lt;&gt;1__state</c> and the awaiters <c>&lt;&gt;u__N</c>; an await clears its
/// awaiter on resumption, so the one non-empty awaiter is the current await.
/// </summary>
internal static class StateMachines
{
    public static MachineView? Read(ClrObject box, ClrInstanceField stateMachine)
    {
        ClrType? type;
        ulong address;
        bool interior;
        if (stateMachine.IsObjectReference)
        {
            var machine = stateMachine.ReadObject(box.Address, interior: false);
            if (machine.IsNull || machine.Type is null)
            {
                return null;
            }
            (type, address, interior) = (machine.Type, machine.Address, false);
        }
        else
        {
            type = stateMachine.Type;
            if (type is null)
            {
                return null;
            }
            (address, interior) = (stateMachine.GetAddress(box.Address, interior: false), true);
        }

        var state = type.GetFieldByName("<>1__state") is { } stateField ? stateField.Read<int>(address, interior) : -1;
        ulong awaited = 0;
        string? awaiterType = null;
        foreach (var field in type.Fields)
        {
            if (field.Name is not { } name || !name.StartsWith("<>u__", StringComparison.Ordinal))
            {
                continue;
            }
            var reference = field.IsObjectReference
                ? field.ReadObject(address, interior).Address
                : FirstReference(field, address, interior, depth: 0);
            if (reference != 0)
            {
                awaited = reference;
                awaiterType = field.Type?.Name;
                break;
            }
            if (state >= 0 && field.Type?.Name is { } typeName && typeName.Contains("YieldAwait", StringComparison.Ordinal))
            {
                awaiterType = typeName;
            }
        }
        return new MachineView(type, address, interior, state, awaited, awaiterType);
    }

    /// <summary>The first non-null object reference inside a struct field (TaskAwaiter.m_task, ValueTaskAwaiter._value._obj).</summary>
    private static ulong FirstReference(ClrInstanceField field, ulong hostAddress, bool interior, int depth)
    {
        if (depth > 3 || field.Type is not { IsValueType: true } type)
        {
            return 0;
        }
        var address = field.GetAddress(hostAddress, interior);
        foreach (var inner in type.Fields)
        {
            var found = inner.IsObjectReference
                ? inner.ReadObject(address, interior: true).Address
                : inner.IsValueType ? FirstReference(inner, address, interior: true, depth + 1) : 0;
            if (found != 0)
            {
                return found;
            }
        }
        return 0;
    }
}
