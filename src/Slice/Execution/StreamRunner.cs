using Slice.Ranges;
using Slice.Scanning;

namespace Slice.Execution;

/// <summary>
/// Tail-relative ranges on input that cannot be sought (pipes), and in modes that cannot be scanned
/// backwards: the records that may still be selected wait in a <see cref="RecordQueue"/>.
/// </summary>
internal static class StreamRunner
{
    /// <summary><c>-k:…</c>: hold the last k records (none past an absolute end), pick at end of input.</summary>
    public static void Tail(RecordCursor cursor, RunContext context)
    {
        SlicePlan plan = context.Plan;
        long back = RunContext.Clamp(plan.Start.Value);
        long? bound = plan.End is { FromEnd: false } fixedEnd ? RunContext.Clamp(fixedEnd.Value) : null;
        using RecordQueue queue = new(context.RecordLimit);
        long total = 0;
        while (true)
        {
            if (total >= bound)
            {
                // Past an absolute end nothing more is retained; once the length reaches end + k the
                // start is at or past the end and nothing can be selected, so stop reading there.
                long needed = bound.Value > long.MaxValue - back ? long.MaxValue : bound.Value + back;
                long counted = cursor.Advance(needed - total, null);
                total += counted;
                if (total >= needed)
                {
                    return;
                }

                break;
            }

            queue.Begin(total);
            if (cursor.Advance(1, queue) == 0)
            {
                queue.Abort();
                break;
            }

            total++;
            if (queue.Count > back)
            {
                queue.PopFront();
            }
        }

        if (queue.Count == 0)
        {
            return;
        }

        ulong length = (ulong)total;
        long start = (long)plan.Start.Resolve(length);
        long end = plan.End is { } e ? (long)e.Resolve(length) : total;
        long first = queue.FrontIndex;
        long step = RunContext.Clamp(plan.Step);
        long held = first + queue.Count;
        end = Math.Min(end, held);
        if (end <= start)
        {
            return;
        }

        // Write queue positions start-first .. end-first-1, every step-th.
        queue.WriteSelected(context.Output, start - first, step, RunContext.CeilDiv(end - start, step));
    }

    /// <summary><c>s:-m</c>: record i is certain once record i+m has been read, so output lags m records.</summary>
    public static void Lag(RecordCursor cursor, RunContext context)
    {
        SlicePlan plan = context.Plan;
        long start = RunContext.Clamp(plan.Start.Value);
        long back = RunContext.Clamp(plan.End!.Value.Value);
        long step = RunContext.Clamp(plan.Step);
        if (cursor.Advance(start, null) < start)
        {
            return;
        }

        using RecordQueue queue = new(context.RecordLimit);
        long next = start;
        while (true)
        {
            if ((next - start) % step == 0)
            {
                queue.Begin(next);
                if (cursor.Advance(1, queue) == 0)
                {
                    queue.Abort();
                    return;
                }
            }
            else if (cursor.Advance(1, null) == 0)
            {
                return;
            }

            next++;
            while (queue.Count > 0 && queue.FrontIndex < next - back)
            {
                queue.WriteFront(context.Output);
                queue.PopFront();
            }
        }
    }
}
