using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Taskmon.State;

namespace Taskmon.Inspection;

/// <summary>
/// The one seam that reads async state machine boxes (a private runtime shape): the box's public
/// <c>StateMachine</c> field, the machine's <c>&lt;&gt;1__state</c> and its pending <c>&lt;&gt;u__N</c> awaiter, and
/// the awaited task inside that awaiter. Every read is guarded; anything unexpected yields "unknown", never a throw.
/// Under Native AOT the field metadata is usually trimmed, so frames degrade to method names without states.
/// </summary>
internal static class AsyncStacks
{
    private const int MaxDepth = 64;
    private const int MaxCachedTypes = 8192;
    private static readonly BoundedCache<Type, FieldInfo?> s_boxFields = new(MaxCachedTypes);
    private static readonly BoundedCache<Type, FieldInfo?> s_stateFields = new(MaxCachedTypes);

    public static TaskState StateOf(Task task)
    {
        if (task.IsCompleted)
        {
            return TaskState.Unknown;
        }

        var machine = ReadStateMachine(task);
        if (machine is null)
        {
            return TaskState.Unknown;
        }

        var state = ReadState(machine);
        return state switch
        {
            null => TaskState.Unknown,
            -1 => TaskState.Running,
            >= 0 => TaskState.Waiting,
            _ => TaskState.Unknown,
        };
    }

    /// <summary>Walks from <paramref name="root"/> down through what each frame awaits; returns innermost first.</summary>
    public static List<(Type Machine, int State, string? Awaiting)> Walk(Task root, out bool complete)
    {
        var frames = new List<(Type, int, string?)>();
        complete = true;
        var task = root;
        for (var depth = 0; depth < MaxDepth && task is not null && !task.IsCompleted; depth++)
        {
            var machineType = MethodNames.StateMachineType(task);
            if (machineType is null)
            {
                break;
            }

            var machine = ReadStateMachine(task);
            var state = machine is null ? null : ReadState(machine);
            if (state is null)
            {
                complete = false;
                frames.Add((machineType, -2, null));
                break;
            }

            var awaited = machine is null || state < 0 ? null : ReadAwaited(machine, out _);
            frames.Add((machineType, state.Value, awaited is null ? null : Describe(awaited)));
            task = awaited as Task;
        }

        frames.Reverse();
        return frames;
    }

    private static string? Describe(object awaited)
    {
        if (awaited is Task task)
        {
            var machine = MethodNames.OfTask(task);
            if (machine is not null)
            {
                return machine;
            }

            var typeName = task.GetType().Name;
            return typeName switch
            {
                "DelayPromise" or "DelayPromiseWithCancellation" => "Task.Delay",
                _ when task.AsyncState is not null => task.AsyncState.GetType().Name,
                "Task" or "Task`1" => "a TaskCompletionSource or promise task",
                _ => NameDemangler.TypeName(task.GetType()),
            };
        }

        return NameDemangler.TypeName(awaited.GetType());
    }

    /// <summary>
    /// A faulted task's first exception, read from the runtime's exception holder without marking it observed (the
    /// public <see cref="Task.Exception"/> getter would, silencing the app's UnobservedTaskException). Null when the
    /// shape differs or metadata is trimmed.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Private runtime fields read by name; a miss means no exception detail.")]
    public static Exception? PeekException(Task task)
    {
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

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Reads compiler-generated fields by name; when trimmed away the frame degrades to 'state unknown'.")]
    private static object? ReadStateMachine(Task task)
    {
        try
        {
            return Field(s_boxFields, task.GetType(), "StateMachine")?.GetValue(task);
        }
        catch (Exception)
        {
            return null;
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Reads compiler-generated fields by name; when trimmed away the frame degrades to 'state unknown'.")]
    private static int? ReadState(object machine)
    {
        try
        {
            return Field(s_stateFields, machine.GetType(), "<>1__state")?.GetValue(machine) as int?;
        }
        catch (Exception)
        {
            return null;
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Compiler-generated and runtime fields read by name; when trimmed the lookup yields null and callers degrade.")]
    private static FieldInfo? Field(BoundedCache<Type, FieldInfo?> cache, Type type, string name) =>
        cache.GetOrAdd(type, name, static (type, name) => type.GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance));

    /// <summary>The task (or other awaitable) held by the machine's non-default <c>&lt;&gt;u__N</c> awaiter field.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Awaiter fields are read by name; when trimmed the awaited object is reported unknown.")]
    private static object? ReadAwaited(object machine, out string? awaiterType)
    {
        awaiterType = null;
        try
        {
            foreach (var field in machine.GetType().GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            {
                if (!field.Name.StartsWith("<>u__", StringComparison.Ordinal))
                {
                    continue;
                }

                var awaiter = field.GetValue(machine);
                var inner = Unwrap(awaiter);
                if (inner is not null)
                {
                    awaiterType = field.FieldType.Name;
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
