using System.Diagnostics;
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
    private static readonly Lock s_sweepGate = new();
    private static int s_users;

    /// <summary>The table the last sweep swapped out (emptied, or left with what it could not take yet).</summary>
    private static Dictionary<int, Task>? s_retired;
    private static KeyValuePair<int, Task>[]? s_chunk;

    /// <summary>Entries taken per hold of a retired table's lock (tens of microseconds of work).</summary>
    internal const int ChunkSize = 256;

    /// <summary>How long the sweep waits for a retired table's lock before leaving the table for the next sweep.</summary>
    private static readonly TimeSpan s_retiredLockWait = TimeSpan.FromMilliseconds(5);

    /// <summary>A benchmark's view of each hold of a table lock (wall time and the sweeping thread's CPU time in it); null in use.</summary>
    internal static ITableHoldObserver? HoldObserver { get; set; }

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
                Warm();
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

    /// <summary>Runs the drain once on a private table, so its first real run compiles nothing while holding a lock.</summary>
    private static void Warm()
    {
        lock (s_sweepGate)
        {
            var taken = 0;
            var stats = default(SweepStats);
            Drain(new Dictionary<int, Task> { [0] = Task.CompletedTask }, null, 1, ref taken, ref stats);
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

    /// <summary>
    /// Takes the task with <paramref name="id"/> out of the table (so only one monitor at a time resolves task
    /// objects): from the live table, or from the one the last sweep retired if it is still there.
    /// </summary>
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

        if (task is null && Volatile.Read(ref s_retired) is { } retired && retired != table)
        {
            lock (retired)
            {
                retired.Remove(id, out task);
            }
        }

        return task;
    }

    /// <summary>
    /// Hands up to <paramref name="max"/> entries to <paramref name="claim"/> and takes them out of the table (promise
    /// and delay tasks included), so the table never keeps a task alive for long. The live table's lock is never taken:
    /// every async method's start and end in the app waits on it (copying 100,000 entries under it stalled them for
    /// milliseconds). Instead the field is swapped for an empty dictionary and the retired one is emptied off to the
    /// side. That is safe because the runtime (.NET 10: <c>Task.AddToActiveTasks</c>, <c>RemoveFromActiveTasks</c>)
    /// reads the field once into a local, then locks and writes that same dictionary: a thread that read the field just
    /// before the swap writes into the retired table under the retired table's lock, which this sweep also takes (only
    /// such late writers ever wait on it, for one chunk at most); a retired table whose lock stays busy (5 ms) is left
    /// for the next sweep. A retired table goes live again only once it is empty, so a late writer's entry
    /// is never lost, only claimed a sweep later. A bounded sweep (<paramref name="max"/> set: a list query's) returns
    /// at once when another sweep is running. <paramref name="afterSwap"/> runs between the swap and the claims (Full drains
    /// its events there: a task that began after the caller's own drain but before the swap has its record by then).
    /// Returns how many entries were taken.
    /// </summary>
    public static int Sweep(Action<int, Task>? claim, int max, out SweepStats stats, Action? afterSwap = null)
    {
        stats = default;
        var table = ReadTable();
        if (table is null)
        {
            return 0;
        }

        // A bounded sweep is a list query's: it never waits behind a sweep in progress (one second's sweep of a burst of
        // 100,000 claims for a while); that sweep is claiming them anyway, and the list shows what is claimed so far.
        if (max != int.MaxValue && !s_sweepGate.TryEnter())
        {
            stats.Busy++;
            return 0;
        }

        if (max == int.MaxValue)
        {
            s_sweepGate.Enter();
        }

        try
        {
            var taken = 0;
            s_retired ??= new Dictionary<int, Task>();
            if (!Drain(s_retired, claim, max, ref taken, ref stats))
            {
                return taken;
            }

            // The retired table is empty: it becomes the live one, and the live one is emptied in its turn.
            BeforeSwap?.Invoke();
            var live = Interlocked.Exchange(ref ActiveTasks(null), s_retired);
            if (live is null)
            {
                return taken;
            }

            Volatile.Write(ref s_retired, live);
            stats.Swaps++;

            // Whatever is in the table now was added before the swap; Full's caller brings in the events written by then.
            afterSwap?.Invoke();
            Drain(live, claim, max, ref taken, ref stats);
            return taken;
        }
        finally
        {
            s_sweepGate.Exit();
        }
    }

    public static int Sweep(Action<int, Task>? claim = null, int max = int.MaxValue) => Sweep(claim, max, out _);

    /// <summary>Test hook: runs right before a sweep swaps the table out (a task beginning at that moment).</summary>
    internal static Action? BeforeSwap { get; set; }

    /// <summary>
    /// Takes entries out of a retired table, <see cref="ChunkSize"/> per hold of its lock, until it is empty (true) or
    /// <paramref name="max"/> are taken or its lock stays busy (false). One enumerator runs across the holds: removing
    /// the entries it passed does not disturb it (.NET Core 3.0 and later); a late writer's add does, so when the count
    /// is not what this walk left, the walk starts over (the removed entries are gone, nothing is seen twice). Nothing
    /// under the lock allocates or throws in the normal course: an allocation there could start a collection while the
    /// lock is held.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // compiled once, fully: no tier-up or OSR compile inside a hold
    private static bool Drain(Dictionary<int, Task> table, Action<int, Task>? claim, int max, ref int taken, ref SweepStats stats)
    {
        var chunk = s_chunk ??= new KeyValuePair<int, Task>[ChunkSize];
        var walk = default(Dictionary<int, Task>.Enumerator);
        var walking = false;
        var expected = -1;
        while (true)
        {
            var want = Math.Min(chunk.Length, max - taken);
            if (want <= 0)
            {
                return false;
            }

            // A writer that read the field just before the swap may be inside: it leaves within microseconds.
            if (!Monitor.TryEnter(table, s_retiredLockWait))
            {
                stats.Busy++;
                return false;
            }

            var count = 0;
            bool exhausted;
            var observer = HoldObserver;
            var start = Stopwatch.GetTimestamp();
            var cpu = observer is null ? 0 : observer.ThreadCpuNanoseconds();
            try
            {
                if (!walking || table.Count != expected)
                {
                    stats.Walks++;
                    walk = table.GetEnumerator();
                    walking = true;
                }

                try
                {
                    while (count < want && walk.MoveNext())
                    {
                        chunk[count++] = walk.Current;
                    }
                }
                catch (InvalidOperationException)
                {
                    // An add and a remove by late writers left the count as it was: walk again from the start.
                    walking = false;
                }

                for (var i = 0; i < count; i++)
                {
                    table.Remove(chunk[i].Key);
                }

                expected = table.Count;
                exhausted = walking && count < want;
            }
            finally
            {
                Monitor.Exit(table);
            }

            var held = Stopwatch.GetTimestamp() - start;
            stats.Holds++;
            stats.LongestHoldTicks = Math.Max(stats.LongestHoldTicks, held);
            observer?.Held(held, observer.ThreadCpuNanoseconds() - cpu, count);
            for (var i = 0; i < count; i++)
            {
                claim?.Invoke(chunk[i].Key, chunk[i].Value);
                chunk[i] = default;
            }

            taken += count;
            if (exhausted)
            {
                return true;
            }
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_asyncDebuggingEnabled")]
    private static extern ref bool AsyncDebuggingEnabled(Task? owner);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_currentActiveTasks")]
    private static extern ref Dictionary<int, Task>? ActiveTasks(Task? owner);
}
