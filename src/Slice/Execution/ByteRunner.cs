using Slice.IO;
using Slice.Ranges;

namespace Slice.Execution;

/// <summary>
/// Byte mode, where an index is an offset: on a regular file every plan resolves arithmetically
/// against the size (a window is one sendfile, a reverse reads blocks backwards); on a pipe tails and
/// lags keep a byte ring of k (or m) bytes.
/// </summary>
internal static class ByteRunner
{
    public static void Seekable(Source source, RunContext context)
    {
        SlicePlan plan = context.Plan;
        ulong length = (ulong)(source.End - source.Begin);
        long step = RunContext.Clamp(plan.Step);
        if (plan.Kind == PlanKind.Reverse)
        {
            Reverse(source, context, length, step);
            return;
        }

        long start = (long)plan.Start.Resolve(length);
        long end = plan.End is { } e ? (long)e.Resolve(length) : (long)length;
        if (end <= start)
        {
            return;
        }

        if (step == 1)
        {
            context.Output.CopyFrom(source, source.Begin + start, end - start);
            return;
        }

        InputBuffer input = new(source, context.BufferSize, source.Begin + start, source.Begin + end);
        ForwardRunner.ByteStride(input, context.Output, long.MaxValue, step);
    }

    private static void Reverse(Source source, RunContext context, ulong length, long step)
    {
        SlicePlan plan = context.Plan;
        if (length == 0)
        {
            return;
        }

        ulong last = length - 1;
        long first;
        if (plan.Start.FromEnd)
        {
            if (plan.Start.Value > length)
            {
                return;
            }

            first = (long)(length - plan.Start.Value);
        }
        else
        {
            first = (long)Math.Min(plan.Start.Value, last);
        }

        long lower = plan.End switch
        {
            null => 0,
            { FromEnd: false } e => (long)Math.Min(e.Value, last) + 1,
            { } m => m.Value <= length ? (long)(length - m.Value) + 1 : 0,
        };
        if (first < lower)
        {
            return;
        }

        // Walk blocks backwards from `first`, picking every step-th byte down to `lower`.
        byte[] block = new byte[context.BlockSize];
        long position = first;
        while (position >= lower)
        {
            long blockStart = Math.Max(lower, position - block.Length + 1);
            int size = (int)(position - blockStart + 1);
            source.ReadExactly(source.Begin + blockStart, block.AsSpan(0, size));
            long i = position - blockStart;
            while (i >= 0)
            {
                context.Output.WriteByte(block[i]);
                i -= step;
            }

            position = blockStart + i;
        }
    }

    /// <summary><c>-k:…</c> on a pipe: the last k bytes (none past an absolute end), held at their stream positions.</summary>
    public static void StreamTail(InputBuffer input, RunContext context)
    {
        SlicePlan plan = context.Plan;
        long back = RunContext.Clamp(plan.Start.Value);
        long bound = plan.End is { FromEnd: false } fixedEnd ? RunContext.Clamp(fixedEnd.Value) : long.MaxValue;
        using HeldBytes held = new();
        long total = 0;
        while (input.Fill() || !input.Available.IsEmpty)
        {
            ReadOnlySpan<byte> span = input.Available;
            if (total < bound)
            {
                held.Append(span[..(int)Math.Min(span.Length, bound - total)]);
                held.DropTo(held.End - back);
            }

            total += span.Length;
            input.Consume(span.Length);
            if (bound < long.MaxValue && total - back >= bound)
            {
                // length >= end + k puts the start at or past the end: nothing can be selected.
                return;
            }
        }

        ulong length = (ulong)total;
        long start = Math.Max((long)plan.Start.Resolve(length), held.Start);
        long end = Math.Min(plan.End is { } e ? (long)e.Resolve(length) : total, held.End);
        long step = RunContext.Clamp(plan.Step);
        if (step == 1)
        {
            held.WriteRange(start, Math.Max(start, end), context.Output);
            return;
        }

        StrideSink sink = new(context.Output, step);
        while (start < end)
        {
            ReadOnlySpan<byte> span = held.BytesAt(start);
            span = span[..(int)Math.Min(span.Length, end - start)];
            sink.Write(span);
            start += span.Length;
        }
    }

    /// <summary><c>s:-m</c> on a pipe: a byte leaves the held bytes once m newer bytes arrived.</summary>
    public static void StreamLag(InputBuffer input, RunContext context)
    {
        SlicePlan plan = context.Plan;
        long start = RunContext.Clamp(plan.Start.Value);
        if (input.Skip(start) < start)
        {
            return;
        }

        long back = RunContext.Clamp(plan.End!.Value.Value);
        using HeldBytes held = new();
        StrideSink sink = new(context.Output, RunContext.Clamp(plan.Step));
        while (input.Fill() || !input.Available.IsEmpty)
        {
            ReadOnlySpan<byte> span = input.Available;
            held.Append(span);
            input.Consume(span.Length);
            if (held.Length > back)
            {
                long certain = held.End - back;
                held.WriteRange(held.Start, certain, sink);
                held.DropTo(certain);
            }
        }
    }

    /// <summary>Writes every step-th byte of the stream it is fed, starting with the first.</summary>
    private sealed class StrideSink(Output output, long step) : ISink
    {
        private long _skip;

        public void Write(ReadOnlySpan<byte> data)
        {
            if (step == 1)
            {
                output.Write(data);
                return;
            }

            long i = _skip;
            while (i < data.Length)
            {
                output.WriteByte(data[(int)i]);
                i += step;
            }

            _skip = i - data.Length;
        }
    }
}
