using Slice.IO;
using Slice.Ranges;
using Slice.Scanning;

namespace Slice.Execution;

/// <summary>
/// Tail-relative and reverse ranges on a regular file: every bound becomes a byte offset — found
/// forwards from the start for head-relative indices (stopping there) or backwards from the end for
/// tail-relative ones — so only the selected region and the scanned ends are ever read, and a
/// contiguous selection goes out with sendfile.
/// </summary>
internal static class SeekableRunner
{
    public static void Tail(Source source, RunContext context)
    {
        SlicePlan plan = context.Plan;
        long back = RunContext.Clamp(plan.Start.Value);
        BackwardScanner scanner = context.CreateBackwardScanner(source, source.Begin, source.End);
        long end;
        switch (plan.End)
        {
            case null:
                end = source.End;
                break;
            case { FromEnd: true } fromEnd:
                long m = RunContext.Clamp(fromEnd.Value);
                scanner.MoveBack(m);
                end = scanner.Current;
                back -= m;
                break;
            case { } fromStart:
                end = ForwardOffset(source, context, RunContext.Clamp(fromStart.Value));
                break;
        }

        scanner.MoveBack(back);
        EmitRange(source, context, scanner.Current, end, RunContext.Clamp(plan.Step));
    }

    public static void Lag(Source source, RunContext context)
    {
        SlicePlan plan = context.Plan;
        long start = ForwardOffset(source, context, RunContext.Clamp(plan.Start.Value));
        BackwardScanner scanner = context.CreateBackwardScanner(source, source.Begin, source.End);
        scanner.MoveBack(RunContext.Clamp(plan.End!.Value.Value));
        EmitRange(source, context, start, scanner.Current, RunContext.Clamp(plan.Step));
    }

    public static void Reverse(Source source, RunContext context)
    {
        SlicePlan plan = context.Plan;
        long begin = source.Begin;
        long eof = source.End;
        long firstEnd;
        if (plan.Start.FromEnd)
        {
            // Python: a start k from the end needs at least k elements, else nothing is selected.
            long k = RunContext.Clamp(plan.Start.Value);
            BackwardScanner probe = context.CreateBackwardScanner(source, begin, eof);
            if (probe.MoveBack(k - 1) < k - 1 || probe.Current <= begin)
            {
                return;
            }

            firstEnd = probe.Current;
        }
        else
        {
            firstEnd = ForwardOffset(source, context, SaturatingIncrement(plan.Start.Value));
        }

        long lower = begin;
        if (plan.End is { FromEnd: true } fromEnd)
        {
            BackwardScanner probe = context.CreateBackwardScanner(source, begin, eof);
            probe.MoveBack(RunContext.Clamp(fromEnd.Value) - 1);
            lower = probe.Current;
        }
        else if (plan.End is { } fromStart)
        {
            lower = ForwardOffset(source, context, SaturatingIncrement(fromStart.Value));
        }

        if (firstEnd <= lower)
        {
            return;
        }

        Walk(source, context, lower, firstEnd, eof);
    }

    private static void Walk(Source source, RunContext context, long lower, long firstEnd, long eof)
    {
        SliceMode mode = context.Mode;
        Output output = context.Output;
        long step = RunContext.Clamp(context.Plan.Step);
        BackwardScanner scanner = context.CreateBackwardScanner(source, lower, firstEnd);
        byte[] delimiter = mode.Delimiter;
        bool floating = false;
        bool owed = false;
        long previous = firstEnd;
        long index = 0;
        while (scanner.MovePrevious())
        {
            long start = scanner.Current;
            if (index % step == 0)
            {
                if (index == 0 && mode.IsDelimited && firstEnd == eof)
                {
                    // The input's unterminated final record, when selected, is written first; its
                    // missing terminator floats to the end of the output (`a\nb\nc` → `c\nb\na`).
                    floating = !EndsWith(source, start, previous, delimiter);
                }

                if (floating)
                {
                    if (owed)
                    {
                        output.Write(delimiter);
                    }

                    scanner.Emit(start, previous, output, index == 0 ? 0 : delimiter.Length);
                    owed = true;
                }
                else
                {
                    scanner.Emit(start, previous, output);
                }
            }

            index++;
            previous = start;
        }
    }

    private static bool EndsWith(Source source, long start, long end, byte[] suffix)
    {
        if (end - start < suffix.Length)
        {
            return false;
        }

        Span<byte> tail = suffix.Length <= 64 ? stackalloc byte[suffix.Length] : new byte[suffix.Length];
        source.ReadExactly(end - suffix.Length, tail);
        return tail.SequenceEqual(suffix);
    }

    private static long SaturatingIncrement(ulong value) => RunContext.Clamp(value == ulong.MaxValue ? value : value + 1);

    /// <summary>Byte offset of record <paramref name="index"/> (or the end of input), found forwards.</summary>
    private static long ForwardOffset(Source source, RunContext context, long index)
    {
        InputBuffer input = new(source, context.BufferSize);
        RecordCursor cursor = context.Mode.CreateCursor(input);
        cursor.Advance(index, null);
        return input.Position;
    }

    private static void EmitRange(Source source, RunContext context, long start, long end, long step)
    {
        if (end <= start)
        {
            return;
        }

        if (step == 1)
        {
            context.Output.CopyFrom(source, start, end - start);
            return;
        }

        InputBuffer input = new(source, context.BufferSize, start, end);
        ForwardRunner.Run(context.Mode.CreateCursor(input), context.Output, 0, null, step);
    }
}
