using System.Runtime.CompilerServices;

namespace Taskmon.Inspection;

/// <summary>
/// The runtime's debugger task table (JIT only): with the private <c>Task.s_asyncDebuggingEnabled</c> set, the runtime
/// puts each new async method box into <c>Task.s_currentActiveTasks</c> right after it raises TraceOperationBegin, so
/// the next event on the same thread (or the periodic sweep) can turn the event's task id into the task object. The
/// table holds tasks strongly, so each task is taken out as soon as it is claimed, and the sweep clears what nobody
/// claimed (promise tasks), keeping the app's dropped tasks collectable. Under Native AOT setting the flag hangs the process: this type refuses to work there.
/// </summary>
internal static class ActiveTaskTable
{
    private static readonly Lock s_gate = new();
    private static int s_users;

    public static bool Supported => RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>
    /// Reads the runtime's table field (a test seam stands in for it to play a runtime where the field was renamed, the
    /// accessor then throwing <see cref="MissingFieldException"/>).
    /// </summary>
    internal static Func<Dictionary<int, Task>?> ReadTable { get; set; } = static () => ActiveTasks(null);

    /// <summary>
    /// Turns the table on for one more user; false when not supported (Native AOT: expected, no reason given) or, with
    /// the reason, when the runtime's shape differs. Both fields are read before the flag is written, and the flag is put back as it was if anything fails:
    /// a flag left on with an unreadable table would hold every pending task strongly, forever.
    /// </summary>
    public static bool Acquire(out string? failure)
    {
        failure = null;
        if (!Supported)
        {
            return false;
        }

        lock (s_gate)
        {
            if (s_users > 0)
            {
                s_users++;
                return true;
            }

            bool? before = null;
            try
            {
                _ = ReadTable();
                before = AsyncDebuggingEnabled(null);
                AsyncDebuggingEnabled(null) = true;
                _ = ReadTable();
                s_users = 1;
                return true;
            }
            catch (Exception ex)
            {
                failure = $"the runtime's debugger task table cannot be read ({ex.GetType().Name}: {ex.Message}); its flag is left {(before == true ? "on" : "off")}, as it was";
                if (before is { } was)
                {
                    Restore(was);
                }

                return false;
            }
        }
    }

    public static void Release()
    {
        if (!Supported)
        {
            return;
        }

        lock (s_gate)
        {
            if (s_users == 0 || --s_users > 0)
            {
                return;
            }

            try
            {
                AsyncDebuggingEnabled(null) = false;
                Sweep();
            }
            catch (Exception)
            {
                // Another runtime shape: Acquire checked it, so nothing here is left on.
            }
        }
    }

    private static void Restore(bool flag)
    {
        try
        {
            AsyncDebuggingEnabled(null) = flag;
        }
        catch (Exception)
        {
            // The flag's field itself is unreachable: it was never written.
        }
    }

    /// <summary>Takes the task with <paramref name="id"/> out of the table (so only one monitor at a time resolves task objects).</summary>
    public static Task? Take(int id)
    {
        var table = ReadTable();
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

    /// <summary>
    /// Hands up to <paramref name="max"/> entries to <paramref name="claim"/> and takes them out of the table (all of
    /// them, promise and delay tasks included, when they fit), so the table never keeps a task alive for long.
    /// </summary>
    public static void Sweep(Action<int, Task>? claim = null, int max = int.MaxValue)
    {
        var table = ReadTable();
        if (table is null)
        {
            return;
        }

        KeyValuePair<int, Task>[] entries;
        lock (table)
        {
            if (table.Count <= max)
            {
                entries = claim is null ? [] : [.. table];
                table.Clear();
            }
            else
            {
                entries = [.. table.Take(max)];
                foreach (var (id, _) in entries)
                {
                    table.Remove(id);
                }
            }
        }

        if (claim is not null)
        {
            foreach (var (id, task) in entries)
            {
                claim(id, task);
            }
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_asyncDebuggingEnabled")]
    private static extern ref bool AsyncDebuggingEnabled(Task? owner);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_currentActiveTasks")]
    private static extern ref Dictionary<int, Task>? ActiveTasks(Task? owner);
}
