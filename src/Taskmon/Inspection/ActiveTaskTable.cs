using System.Runtime.CompilerServices;

namespace Taskmon.Inspection;

/// <summary>
/// The runtime's debugger task table (JIT only): with the private <c>Task.s_asyncDebuggingEnabled</c> set, the runtime
/// puts each new async method box into <c>Task.s_currentActiveTasks</c> just before it raises TraceOperationBegin, so the
/// event handler can turn the event's task id into the task object. The table holds tasks strongly, so the handler
/// takes its task out at once, and a periodic sweep clears what nobody took (promise tasks), keeping the app's dropped
/// tasks collectable. Under Native AOT setting the flag hangs the process: this type refuses to work there.
/// </summary>
internal static class ActiveTaskTable
{
    private static int s_users;

    public static bool Supported => RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Turns the table on for one more user; false when not supported or the runtime's shape differs.</summary>
    public static bool Acquire()
    {
        if (!Supported)
        {
            return false;
        }

        try
        {
            if (Interlocked.Increment(ref s_users) == 1)
            {
                AsyncDebuggingEnabled(null) = true;
            }

            return true;
        }
        catch (Exception)
        {
            Interlocked.Decrement(ref s_users);
            return false;
        }
    }

    public static void Release()
    {
        if (!Supported)
        {
            return;
        }

        try
        {
            if (Interlocked.Decrement(ref s_users) == 0)
            {
                AsyncDebuggingEnabled(null) = false;
                Sweep();
            }
        }
        catch (Exception)
        {
            // Another runtime shape: nothing was enabled.
        }
    }

    /// <summary>Takes the task with <paramref name="id"/> out of the table (so only one monitor at a time resolves task objects).</summary>
    public static Task? Take(int id)
    {
        var table = ActiveTasks(null);
        if (table is null)
        {
            return null;
        }

        Task? task;
        lock (table)
        {
            table.Remove(id, out task);
        }

        return task;
    }

    /// <summary>Drops every entry nobody took (promise and delay tasks), so the table never keeps a task alive for long.</summary>
    public static void Sweep()
    {
        var table = ActiveTasks(null);
        if (table is null)
        {
            return;
        }

        lock (table)
        {
            table.Clear();
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_asyncDebuggingEnabled")]
    private static extern ref bool AsyncDebuggingEnabled(Task? owner);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_currentActiveTasks")]
    private static extern ref Dictionary<int, Task>? ActiveTasks(Task? owner);
}
