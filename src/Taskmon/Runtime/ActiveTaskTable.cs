using System.Runtime.CompilerServices;

namespace Taskmon.Runtime;

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

    /// <summary>Entries taken per hold of the runtime's lock (tens of microseconds of work).</summary>
    internal const int ChunkSize = 512;

    public static bool Supported => RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>
    /// Reads the runtime's table field (a test seam stands in for it to play a runtime where the field was renamed, the
    /// accessor then throwing <see cref="MissingFieldException"/>).
    /// </summary>
    internal static Func<Dictionary<int, Task>?> ReadTable { get; set; } = static () => RuntimeMembers.IsHidden(RuntimeMember.TaskTable)
        ? throw new MissingFieldException("System.Threading.Tasks.Task", "s_currentActiveTasks")
        : ActiveTasks(null);

    /// <summary>
    /// Whether the table can be used here, without switching anything on; <paramref name="note"/> says why not (or is
    /// null). Under Native AOT it is never used: the flag is a constant to the compiler there, and writing it hangs.
    /// </summary>
    public static bool Readable(out string? note)
    {
        note = null;
        if (!Supported)
        {
            note = "Native AOT: writing the runtime's debugger flag is undefined there, it hung the process";
            return false;
        }

        try
        {
            _ = ReadTable();
            _ = AsyncDebuggingEnabled(null);
            return true;
        }
        catch (Exception ex)
        {
            note = $"{ex.GetType().Name}: {ex.Message}";
            return false;
        }
    }

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
    /// Hands up to <paramref name="max"/> entries to <paramref name="claim"/> and takes them out of the table (promise
    /// and delay tasks included), so the table never keeps a task alive for long. The runtime's lock is held for one
    /// chunk of <see cref="ChunkSize"/> entries at a time, never for the whole table: every async method's start and end
    /// in the app waits on that lock (a copy of 100,000 entries under it stalled them for milliseconds). The table cannot
    /// be swapped for an empty one instead: the runtime reads the field once to lock and again to write, so a thread
    /// queued on the old table's lock would then write into the new one without holding its lock. Returns how many
    /// entries were taken; <paramref name="longestHoldTicks"/> is the longest time the lock was held.
    /// </summary>
    public static int Sweep(Action<int, Task>? claim, int max, out long longestHoldTicks)
    {
        longestHoldTicks = 0;
        var table = ReadTable();
        if (table is null)
        {
            return 0;
        }

        var chunk = new KeyValuePair<int, Task>[Math.Min(ChunkSize, Math.Max(1, max))];
        var taken = 0;
        while (taken < max)
        {
            var want = Math.Min(chunk.Length, max - taken);
            var count = 0;
            long held;
            lock (table)
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                foreach (var entry in table)
                {
                    chunk[count++] = entry;
                    if (count == want)
                    {
                        break;
                    }
                }

                for (var i = 0; i < count; i++)
                {
                    table.Remove(chunk[i].Key);
                }

                held = System.Diagnostics.Stopwatch.GetTimestamp() - start;
            }

            longestHoldTicks = Math.Max(longestHoldTicks, held);
            for (var i = 0; i < count; i++)
            {
                claim?.Invoke(chunk[i].Key, chunk[i].Value);
                chunk[i] = default;
            }

            taken += count;
            if (count < want)
            {
                break;
            }
        }

        return taken;
    }

    public static int Sweep(Action<int, Task>? claim = null, int max = int.MaxValue) => Sweep(claim, max, out _);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_asyncDebuggingEnabled")]
    private static extern ref bool AsyncDebuggingEnabled(Task? owner);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_currentActiveTasks")]
    private static extern ref Dictionary<int, Task>? ActiveTasks(Task? owner);
}
