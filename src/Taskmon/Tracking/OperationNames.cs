namespace Taskmon.Tracking;

/// <summary>Parses TplEventSource operation names: <c>Async: &lt;Loop&gt;d__4</c>, <c>Task: &lt;Run&gt;b__6_0</c>, <c>Task.Delay</c>.</summary>
internal static class OperationNames
{
    public static string StateMachineName(string operationName) =>
        operationName.StartsWith("Async: ", StringComparison.Ordinal) ? operationName[7..] : operationName;

    public static bool IsAsyncMethod(string operationName) =>
        operationName.StartsWith("Async: ", StringComparison.Ordinal);
}
