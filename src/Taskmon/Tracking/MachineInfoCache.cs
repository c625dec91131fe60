using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>A bounded cache from state machine types (or operation names, when no type is known) to display names.</summary>
internal sealed class MachineInfoCache
{
    private const int MaxEntries = 8192;
    private readonly BoundedCache<Type, MachineInfo> _byType = new(MaxEntries);
    private readonly BoundedCache<string, MachineInfo> _byOperation = new(MaxEntries, SourceKeyComparer.Instance);
    private readonly BoundedCache<Type, MachineInfo?> _byTaskType = new(MaxEntries);

    /// <summary>The async method behind a task object (its box type names the state machine), or null for other tasks.</summary>
    public MachineInfo? ForTask(Task task, out Type? machine)
    {
        var taskType = task.GetType();
        var info = taskType.IsGenericType
            ? _byTaskType.GetOrAdd(taskType, (infos: this, task), static (_, state) =>
                StateMachineBoxes.MachineType(state.task) is { } found ? state.infos.For(found) : null)
            : null;
        machine = info?.Machine;
        return info;
    }

    public MachineInfo For(Type machine) => _byType.GetOrAdd(machine, static machine =>
    {
        var method = NameDemangler.OfMethod(machine, "MoveNext");
        return new MachineInfo(Short(method), method, HasPersistentAttribute(machine))
        {
            Machine = machine,
            Monitor = CodeOwners.IsMonitor(machine),
            OperationName = OperationNames.Of(machine),
            ExplicitCompletion = OperationNames.IsExplicitCompletion(machine.Name),
        };
    });

    public MachineInfo For(string operationName) => _byOperation.GetOrAdd(operationName, static operationName =>
    {
        var method = NameDemangler.StateMachineMethod(OperationNames.StateMachineName(operationName));
        return new MachineInfo(method, method, false) { OperationName = operationName };
    });

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
