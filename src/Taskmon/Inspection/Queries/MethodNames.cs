using Taskmon.State;

namespace Taskmon.Inspection;

/// <summary>Finds the user's method behind a task or a delegate, for display.</summary>
internal static class MethodNames
{
    /// <summary>The async method whose state machine box <paramref name="task"/> is, or null.</summary>
    public static string? OfTask(Task task)
    {
        var machine = Runtime.StateMachineBoxes.MachineType(task);
        return machine is null ? null : NameDemangler.OfMethod(machine, "MoveNext");
    }

    private static readonly BoundedCache<System.Reflection.MethodInfo, string> s_byMethod = new(4096);

    public static string OfDelegate(Delegate work) =>
        s_byMethod.GetOrAdd(work.Method, static method => NameDemangler.OfMethod(method.DeclaringType, method.Name));
}
