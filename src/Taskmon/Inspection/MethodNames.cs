using System.Runtime.CompilerServices;

namespace Taskmon.Inspection;

/// <summary>Finds the user's method behind a task or a delegate, for display.</summary>
internal static class MethodNames
{
    /// <summary>The async method whose state machine box <paramref name="task"/> is, or null.</summary>
    public static string? OfTask(Task task)
    {
        var machine = StateMachineType(task);
        return machine is null ? null : Names.OfMethod(machine, "MoveNext");
    }

    public static Type? StateMachineType(Task task)
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

    private const int MaxCached = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<System.Reflection.MethodInfo, string> s_byMethod = new();

    public static string OfDelegate(Delegate work)
    {
        var method = work.Method;
        if (s_byMethod.TryGetValue(method, out var name))
        {
            return name;
        }

        name = Names.OfMethod(method.DeclaringType, method.Name);
        if (s_byMethod.Count < MaxCached)
        {
            s_byMethod.TryAdd(method, name);
        }

        return name;
    }
}
