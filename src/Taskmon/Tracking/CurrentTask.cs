using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>The monitored task whose code is running: flows with the ExecutionContext into every task it creates.</summary>
internal static class CurrentTask
{
    private static readonly AsyncLocal<TaskRecord?> s_current = new();

    public static TaskRecord? Value => s_current.Value;

    /// <summary>
    /// Makes <paramref name="record"/> current and returns the context to go back to. Going back restores that context
    /// object itself (no second context is built, as setting the old value would).
    /// </summary>
    public static Scope Push(TaskRecord record)
    {
        var scope = new Scope(ExecutionContext.Capture(), s_current.Value);
        s_current.Value = record;
        return scope;
    }

    public static void Restore(in Scope scope)
    {
        if (scope.Context is { } context)
        {
            ExecutionContext.Restore(context);
        }
        else
        {
            // Flow was suppressed: there is no context object to return to, only the value.
            s_current.Value = scope.Previous;
        }
    }

    /// <summary>What <see cref="Push"/> replaced.</summary>
    public readonly record struct Scope(ExecutionContext? Context, TaskRecord? Previous);
}
