using System.Diagnostics;
using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>
/// Per thread, the discovered tasks whose runs (TraceSynchronousWorkBegin/End) are open, innermost on top:
/// the top is the task running on this thread now, the parent of anything it creates.
/// </summary>
internal static class RunStack
{
    private const int Capacity = 32;

    [ThreadStatic]
    private static TaskRecord?[]? t_records;

    [ThreadStatic]
    private static int t_depth;

    [ThreadStatic]
    private static object? t_owner;

    public static TaskRecord? Top(object owner) =>
        t_owner == owner && t_depth > 0 && t_depth <= Capacity ? t_records![t_depth - 1] : null;

    public static void Push(object owner, TaskRecord? record)
    {
        if (t_owner != owner)
        {
            t_owner = owner;
            t_depth = 0;
            t_records ??= new TaskRecord?[Capacity];
        }

        if (t_depth < Capacity)
        {
            t_records![t_depth] = record;
        }

        t_depth++;
        if (record is not null)
        {
            record.Resumptions++;
            Volatile.Write(ref record.RunStartTimestamp, Stopwatch.GetTimestamp());
        }
    }

    public static TaskRecord? Pop(object owner)
    {
        if (t_owner != owner || t_depth == 0)
        {
            return null;
        }

        t_depth--;
        if (t_depth >= Capacity)
        {
            return null;
        }

        var record = t_records![t_depth];
        t_records[t_depth] = null;
        return record;
    }
}
