using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Taskmon.State;

namespace Taskmon.Runtime;

/// <summary>
/// Reads async state machine boxes, a private runtime and compiler shape: the box type's generic argument (the state
/// machine type), the box's public <c>StateMachine</c> field, the machine's <c>&lt;&gt;1__state</c>, its pending
/// <c>&lt;&gt;u__N</c> awaiter and the awaited object inside that awaiter (<c>m_task</c>, <c>_value._obj</c>), and a
/// faulted task's stored exception. Every read is guarded and answers null when the shape differs (or metadata is
/// trimmed under Native AOT, or a test hides the member through <see cref="RuntimeMembers.Hide"/>).
/// </summary>
internal static class StateMachineBoxes
{
    private const int MaxCachedTypes = 8192;
    private static readonly BoundedCache<Type, FieldInfo?> s_boxFields = new(MaxCachedTypes);
    private static readonly BoundedCache<Type, FieldInfo?> s_stateFields = new(MaxCachedTypes);

    /// <summary>The state machine type of the box <paramref name="task"/> is, or null for other tasks.</summary>
    public static Type? MachineType(Task task)
    {
        var type = task.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        foreach (var argument in type.GetGenericArguments())
        {
            if (typeof(IAsyncStateMachine).IsAssignableFrom(argument))
            {
                return argument;
            }
        }

        return null;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Reads compiler-generated fields by name; when trimmed away the frame degrades to 'state unknown'.")]
    public static object? Machine(Task task)
    {
        if (RuntimeMembers.IsHidden(RuntimeMember.BoxStateMachine))
        {
            return null;
        }

        try
        {
            return Field(s_boxFields, task.GetType(), "StateMachine")?.GetValue(task);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>-1 running (or completed), N suspended at await N; null when unreadable.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Reads compiler-generated fields by name; when trimmed away the frame degrades to 'state unknown'.")]
    public static int? State(object machine)
    {
        if (RuntimeMembers.IsHidden(RuntimeMember.MachineState))
        {
            return null;
        }

        try
        {
            return Field(s_stateFields, machine.GetType(), "<>1__state")?.GetValue(machine) as int?;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>The task (or other awaitable) held by the machine's non-default <c>&lt;&gt;u__N</c> awaiter field.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Awaiter fields are read by name; when trimmed the awaited object is reported unknown.")]
    public static object? Awaited(object machine)
    {
        if (RuntimeMembers.IsHidden(RuntimeMember.AwaiterTask))
        {
            return null;
        }

        try
        {
            foreach (var field in machine.GetType().GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            {
                if (field.Name.StartsWith("<>u__", StringComparison.Ordinal) && Unwrap(field.GetValue(machine)) is { } inner)
                {
                    return inner;
                }
            }
        }
        catch (Exception)
        {
            // A runtime with another shape: report the frame without what it awaits.
        }

        return null;
    }

    /// <summary>
    /// A faulted task's first exception, read from the runtime's exception holder without marking it observed (the
    /// public <see cref="Task.Exception"/> getter would, silencing the app's UnobservedTaskException).
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Private runtime fields read by name; a miss means no exception detail.")]
    public static Exception? PeekException(Task task)
    {
        if (RuntimeMembers.IsHidden(RuntimeMember.FaultHolder))
        {
            return null;
        }

        try
        {
            const BindingFlags flags = BindingFlags.NonPublic | BindingFlags.Instance;
            var contingent = typeof(Task).GetField("m_contingentProperties", flags)?.GetValue(task);
            var holder = contingent?.GetType().GetField("m_exceptionsHolder", flags)?.GetValue(contingent);
            var faults = holder?.GetType().GetField("m_faultExceptions", flags)?.GetValue(holder) as System.Collections.IList;
            return faults is { Count: > 0 } && faults[0] is System.Runtime.ExceptionServices.ExceptionDispatchInfo info ? info.SourceException : null;
        }
        catch (Exception)
        {
            return null;
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Compiler-generated and runtime fields read by name; when trimmed the lookup yields null and callers degrade.")]
    private static FieldInfo? Field(BoundedCache<Type, FieldInfo?> cache, Type type, string name) =>
        cache.GetOrAdd(type, name, static (type, name) => type.GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance));

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Awaiter internals are read by name; when trimmed the awaited object is reported unknown.")]
    private static object? Unwrap(object? awaiter)
    {
        if (awaiter is null)
        {
            return null;
        }

        if (awaiter is Task task)
        {
            return task;
        }

        var type = awaiter.GetType();
        foreach (var name in (ReadOnlySpan<string>)["m_task", "_value", "m_configuredTaskAwaiter", "_obj"])
        {
            var field = type.GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (field is null)
            {
                continue;
            }

            var value = field.GetValue(awaiter);
            if (value is null)
            {
                continue;
            }

            return value is Task ? value : field.FieldType.IsValueType ? Unwrap(value) : value;
        }

        return null;
    }
}
