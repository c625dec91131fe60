using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Taskmon.Inspection;

namespace Taskmon.Tracking;

/// <summary>A bounded cache from state machine types (or operation names, when no type is known) to display names.</summary>
internal sealed class MachineInfos
{
    private const int MaxEntries = 8192;
    private readonly ConcurrentDictionary<Type, MachineInfo> _byType = new();
    private readonly ConcurrentDictionary<string, MachineInfo> _byOperation = new(SourceKeyComparer.Instance);
    private readonly ConcurrentDictionary<Type, MachineInfo?> _byTaskType = new();

    /// <summary>The async method behind a task object (its box type names the state machine), or null for other tasks.</summary>
    public MachineInfo? ForTask(Task task, out Type? machine)
    {
        var taskType = task.GetType();
        machine = null;
        if (!taskType.IsGenericType)
        {
            return null;
        }

        if (_byTaskType.TryGetValue(taskType, out var info))
        {
            machine = info?.Machine;
            return info;
        }

        machine = MethodNames.StateMachineType(task);
        info = machine is null ? null : For(machine);
        if (_byTaskType.Count < MaxEntries)
        {
            _byTaskType.TryAdd(taskType, info);
        }

        return info;
    }

    public MachineInfo For(Type machine)
    {
        if (_byType.TryGetValue(machine, out var info))
        {
            return info;
        }

        var method = Names.OfMethod(machine, "MoveNext");
        info = new MachineInfo(Short(method), method, HasPersistentAttribute(machine)) { Machine = machine };
        if (_byType.Count < MaxEntries)
        {
            _byType.TryAdd(machine, info);
        }

        return info;
    }

    public MachineInfo For(string operationName)
    {
        if (_byOperation.TryGetValue(operationName, out var info))
        {
            return info;
        }

        var method = Names.StateMachineMethod(OperationNames.StateMachineName(operationName));
        info = new MachineInfo(method, method, false);
        if (_byOperation.Count < MaxEntries)
        {
            _byOperation.TryAdd(operationName, info);
        }

        return info;
    }

    private static string Short(string method)
    {
        var last = method.LastIndexOf('.');
        if (last <= 0)
        {
            return method;
        }

        var previous = method.LastIndexOf('.', last - 1);
        return previous < 0 ? method : method[(previous + 1)..];
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "JIT only in practice; when methods are trimmed the attribute is simply not seen.")]
    private static bool HasPersistentAttribute(Type machine)
    {
        try
        {
            if (!RuntimeFeature.IsDynamicCodeSupported || machine.DeclaringType is not { } owner)
            {
                return false;
            }

            foreach (var method in owner.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<AsyncStateMachineAttribute>()?.StateMachineType == machine)
                {
                    return method.IsDefined(typeof(PersistentTaskAttribute), inherit: false);
                }
            }
        }
        catch (Exception)
        {
            // Metadata not available: not persistent.
        }

        return false;
    }
}
