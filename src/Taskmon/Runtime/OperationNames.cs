namespace Taskmon.Runtime;

/// <summary>
/// The runtime's and compiler's naming conventions: TplEventSource operation names (<c>Async: &lt;Loop&gt;d__4</c>,
/// <c>Task: &lt;Run&gt;b__6_0</c>, <c>Task.Delay</c>) and state machine type names (<c>&lt;Loop&gt;d__4</c>).
/// </summary>
internal static class OperationNames
{
    private const string AsyncPrefix = "Async: ";

    // The monitor's own wrapper around explicit work (ExplicitTasks.TaskmonExplicitCompletion): never a task of its own.
    private const string ExplicitCompletion = "<TaskmonExplicitCompletion";

    public static string StateMachineName(string operationName) =>
        operationName.StartsWith(AsyncPrefix, StringComparison.Ordinal) ? operationName[AsyncPrefix.Length..] : operationName;

    public static bool IsAsyncMethod(string operationName) =>
        operationName.StartsWith(AsyncPrefix, StringComparison.Ordinal);

    /// <summary>The operation name the runtime's events give the state machine <paramref name="machine"/>.</summary>
    public static string Of(Type machine) => AsyncPrefix + machine.Name;

    /// <summary>Whether an operation or state machine name is the monitor's explicit-completion wrapper (no substring built: each explicit task's begin asks).</summary>
    public static bool IsExplicitCompletion(string name) =>
        name.AsSpan(name.StartsWith(AsyncPrefix, StringComparison.Ordinal) ? AsyncPrefix.Length : 0).StartsWith(ExplicitCompletion, StringComparison.Ordinal);
}
