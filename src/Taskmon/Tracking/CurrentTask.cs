using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>The monitored task whose code is running: flows with the ExecutionContext into every task it creates.</summary>
internal static class CurrentTask
{
    private static readonly AsyncLocal<TaskRecord?> s_current = new();

    public static TaskRecord? Value => s_current.Value;

    public static TaskRecord? Push(TaskRecord record)
    {
        var previous = s_current.Value;
        s_current.Value = record;
        return previous;
    }

    public static void Restore(TaskRecord? previous) => s_current.Value = previous;
}
