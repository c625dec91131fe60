using Microsoft.Diagnostics.Runtime;

namespace Taskmon.Attach;

/// <summary>What a box holds: the state machine's type, its state, and the awaiter it is suspended on.</summary>
internal readonly record struct MachineView(ClrType Type, ulong Address, bool Interior, int State, ulong Awaited, string? AwaiterType);

/// <summary>
/// Reads async state machines out of their boxes: a class (Debug builds) or a struct stored inline (Release builds).
/// The compiler names the state <c>&lt;&gt;1__state</c> and the awaiters <c>&lt;&gt;u__N</c>; an await clears its
/// awaiter on resumption, so the one non-empty awaiter is the current await. Each state machine type's layout (the
/// state's offset, where each awaiter keeps its object reference) is worked out once; every box then costs a few reads.
/// </summary>
internal sealed class StateMachines(IMemoryReader memory)
{
    private readonly Dictionary<ulong, Layout> _layouts = [];

    public MachineView? Read(ClrObject box, ClrInstanceField stateMachine)
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

        if (!_layouts.TryGetValue(type.MethodTable, out var layout))
        {
            layout = Layout.Of(type);
            _layouts[type.MethodTable] = layout;
        }
        // Field offsets are from the start of the fields: an object's fields follow its method table pointer.
        var fields = interior ? address : address + (ulong)memory.PointerSize;
        var state = layout.State is { } stateOffset ? memory.Read<int>(fields + (ulong)stateOffset) : -1;
        ulong awaited = 0;
        string? awaiterType = null;
        foreach (var awaiter in layout.Awaiters)
        {
            foreach (var offset in awaiter.References)
            {
                awaited = memory.ReadPointer(fields + (ulong)offset);
                if (awaited != 0)
                {
                    return new MachineView(type, address, interior, state, awaited, awaiter.TypeName);
                }
            }
            if (state >= 0 && awaiter.IsYield)
            {
                awaiterType = awaiter.TypeName;
            }
        }
        return new MachineView(type, address, interior, state, 0, awaiterType);
    }

    /// <summary>One awaiter field: the offsets (from the machine's fields) of the object references in it, in field order.</summary>
    private sealed record Awaiter(string? TypeName, bool IsYield, int[] References);

    private sealed record Layout(int? State, Awaiter[] Awaiters)
    {
        public static Layout Of(ClrType type)
        {
            var awaiters = new List<Awaiter>();
            foreach (var field in type.Fields)
            {
                if (field.Name is not { } name || !name.StartsWith("<>u__", StringComparison.Ordinal))
                {
                    continue;
                }
                var references = new List<int>();
                if (field.IsObjectReference)
                {
                    references.Add(field.Offset);
                }
                else
                {
                    References(field, field.Offset, references, depth: 0);
                }
                var typeName = field.Type?.Name;
                awaiters.Add(new Awaiter(typeName, typeName is not null && typeName.Contains("YieldAwait", StringComparison.Ordinal), [.. references]));
            }
            return new Layout(type.GetFieldByName("<>1__state")?.Offset, [.. awaiters]);
        }

        /// <summary>The object references inside a struct field (TaskAwaiter.m_task, ValueTaskAwaiter._value._obj).</summary>
        private static void References(ClrInstanceField field, int offset, List<int> references, int depth)
        {
            if (depth > 3 || field.Type is not { IsValueType: true } type)
            {
                return;
            }
            foreach (var inner in type.Fields)
            {
                if (inner.IsObjectReference)
                {
                    references.Add(offset + inner.Offset);
                }
                else if (inner.IsValueType)
                {
                    References(inner, offset + inner.Offset, references, depth + 1);
                }
            }
        }
    }
}
