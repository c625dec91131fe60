using System.Runtime.CompilerServices;
using Taskmon.State;

namespace Taskmon.Inspection;

/// <summary>Finds the user's method behind a task or a delegate, for display.</summary>
internal static class MethodNames
{
    /// <summary>The async method whose state machine box <paramref name="task"/> is, or null.</summary>
    public static string? OfTask(Task task)
    {
        var machine = StateMachineType(task);
        return machine is null ? null : NameDemangler.OfMethod(machine, "MoveNext");
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

    private static readonly BoundedCache<System.Reflection.MethodInfo, string> s_byMethod = new(4096);

    public static string OfDelegate(Delegate work) =>
        s_byMethod.GetOrAdd(work.Method, static method => NameDemangler.OfMethod(method.DeclaringType, method.Name));
}
