using System.Text;
using static Slice.Ranges.Words;

namespace Slice.Ranges;

/// <summary><c>--explain</c>: what a range selects, in words, without reading input.</summary>
internal static class Explainer
{
    public static string Explain(RangeSpec range, string unit)
    {
        if (range.Reverse)
        {
            return ExplainReverse(range.Start, range.End, range.Step, unit);
        }

        return (range.Start, range.End) switch
        {
            ({ FromEnd: false } s, null) => Resolved(s.Value, null, range.Step, unit),
            ({ FromEnd: false } s, { FromEnd: false } e) => Resolved(s.Value, e.Value, range.Step, unit),
            ({ FromEnd: false } s, { } m) => Lag(s.Value, m.Value, range.Step, unit),
            _ => Tail(range.Start.Value, range.End, range.Step, unit),
        };
    }

    private static string Resolved(ulong start, ulong? end, ulong step, string unit)
    {
        StringBuilder o = new();
        o.Append($"start: {start}\n");
        o.Append(end is { } e1 ? $"end:   {e1} (exclusive)\n" : "end:   end of input\n");
        o.Append($"step:  {step}\n");
        o.Append(end is { } e2 ? $"0-based: {unit}s at indices [{start}, {e2})" : $"0-based: {unit}s at indices [{start}, end of input)");
        if (step != 1)
        {
            o.Append($", every {step} starting at {start}");
        }

        o.Append('\n');
        ulong first = Inc(start);
        if (end is not { } end3)
        {
            o.Append(step == 1
                ? $"1-based: from the {Ordinal(first)} {unit} to the last {unit}\n"
                : $"1-based: every {step}{Suffix(step)} {unit} from the {Ordinal(first)} {unit} to the last {unit}\n");
            o.Append($"count: until end of input (step {step})");
        }
        else if (start >= end3)
        {
            o.Append($"1-based: empty (start {first} is at or past end {end3})\n");
            o.Append("count: 0");
        }
        else
        {
            o.Append(step == 1
                ? $"1-based: from the {Ordinal(first)} {unit} to the {Ordinal(end3)} {unit}\n"
                : $"1-based: every {step}{Suffix(step)} {unit} from the {Ordinal(first)} {unit} up to the {Ordinal(end3)} {unit}\n");
            o.Append($"count: {CeilDiv(end3 - start, step)}");
        }

        o.Append('\n');
        return o.ToString();
    }

    private static string Lag(ulong start, ulong back, ulong step, string unit)
    {
        StringBuilder o = new();
        o.Append($"start: {start}\nend:   {back} from the end (exclusive)\nstep:  {step}\n");
        o.Append($"0-based: {unit}s at indices [{start}, length-{back})");
        if (step != 1)
        {
            o.Append($", every {step} starting at {start}");
        }

        o.Append(", clamped to the input length\n");
        ulong first = Inc(start);
        ulong lastFromEnd = Inc(back);
        o.Append(step == 1
            ? $"1-based: from the {Ordinal(first)} {unit} to the {Ordinal(lastFromEnd)} {unit} from the end\n"
            : $"1-based: every {step}{Suffix(step)} {unit} from the {Ordinal(first)} {unit} up to the {Ordinal(lastFromEnd)} {unit} from the end\n");
        o.Append("count: depends on the input length\n");
        return o.ToString();
    }

    private static string Tail(ulong back, Bound? end, ulong step, string unit)
    {
        StringBuilder o = new();
        o.Append($"start: {back} from the end\n");
        o.Append(end switch
        {
            null => "end:   end of input\n",
            { FromEnd: false } e => $"end:   {e.Value} (exclusive)\n",
            { } m => $"end:   {m.Value} from the end (exclusive)\n",
        });
        o.Append($"step:  {step}\n");
        string? staticEnd = end switch
        {
            { FromEnd: true } m when back <= m.Value => $"length-{m.Value}",
            { FromEnd: false, Value: 0 } => "0",
            _ => null,
        };
        if (staticEnd is not null)
        {
            o.Append($"0-based: {unit}s at indices [length-{back}, {staticEnd})\n");
            o.Append($"1-based: empty (start length-{back} is at or past end {staticEnd})\n");
            o.Append("count: 0\n");
            return o.ToString();
        }

        o.Append(end switch
        {
            null => $"0-based: {unit}s at indices [length-{back}, end of input)",
            { FromEnd: false } e => $"0-based: {unit}s at indices [length-{back}, {e.Value})",
            { } m => $"0-based: {unit}s at indices [length-{back}, length-{m.Value})",
        });
        if (step != 1)
        {
            o.Append($", every {step} starting at length-{back}");
        }

        o.Append(", clamped to the input length\n");
        string first = $"the {Ordinal(back)} {unit} from the end";
        string last = end switch
        {
            null => $"the last {unit}",
            { FromEnd: false } e => $"the {Ordinal(e.Value)} {unit}",
            { } m => $"the {Ordinal(Inc(m.Value))} {unit} from the end",
        };
        o.Append(step == 1
            ? $"1-based: from {first} to {last}\n"
            : $"1-based: every {step}{Suffix(step)} {unit} from {first} up to {last}\n");
        o.Append(end switch
        {
            null => $"count: at most {CeilDiv(back, step)}\n",
            { FromEnd: true } m => $"count: at most {CeilDiv(back - m.Value, step)}\n",
            _ => "count: depends on the input length\n",
        });
        return o.ToString();
    }

    private static string ExplainReverse(Bound start, Bound? end, ulong step, string unit)
    {
        StringBuilder o = new();
        o.Append(start switch
        {
            { FromEnd: true, Value: 1 } => $"start: last {unit}\n",
            { FromEnd: true } k => $"start: {k.Value} from the end\n",
            _ => $"start: {start.Value}\n",
        });
        o.Append(end switch
        {
            null => "end:   start of input\n",
            { FromEnd: false } e => $"end:   {e.Value} (exclusive)\n",
            { } m => $"end:   {m.Value} from the end (exclusive)\n",
        });
        o.Append($"step:  -{step} (reverse)\n");
        string? empty = (start, end) switch
        {
            ({ FromEnd: false } s, { FromEnd: false } e) when s.Value <= e.Value =>
                $"0-based: none (start {s.Value} is at or below end {e.Value} for a reverse step)\n",
            ({ FromEnd: true } k, { FromEnd: true } m) when k.Value >= m.Value =>
                $"0-based: none (start {k.Value} from the end is at or below end {m.Value} from the end for a reverse step)\n",
            (_, { FromEnd: true, Value: 1 }) =>
                $"0-based: none (an end 1 from the end excludes every {unit} a reverse step can reach)\n",
            _ => null,
        };
        if (empty is not null)
        {
            o.Append(empty).Append("1-based: empty\ncount: 0\n");
            return o.ToString();
        }

        string from = start switch
        {
            { FromEnd: true, Value: 1 } => $"the last {unit}",
            { FromEnd: true } k => $"the {Ordinal(k.Value)} {unit} from the end",
            _ => $"the {Ordinal(Inc(start.Value))} {unit}",
        };
        string to = end switch
        {
            null => $"the first {unit}",
            { FromEnd: false } e => $"the {Ordinal(Add2(e.Value))} {unit}",
            { } m => $"the {Ordinal(Inc(m.Value))} {unit} from the end",
        };
        if (start.FromEnd)
        {
            string upper = start.Value == 1 ? "length" : $"length-{start.Value - 1}";
            string lower = end switch
            {
                null => "0",
                { FromEnd: false } e => $"{Inc(e.Value)}",
                { } m => $"length-{m.Value - 1}",
            };
            o.Append($"0-based: {unit}s at indices [{lower}, {upper}) in reverse order");
            if (step != 1)
            {
                o.Append(start.Value == 1 ? $", every {step} starting at the last" : $", every {step} starting at {start.Value} from the end");
            }

            o.Append('\n');
        }
        else
        {
            string lower = end switch
            {
                null => "0",
                { FromEnd: false } e => $"{Inc(e.Value)} (end {e.Value} exclusive)",
                { } m => $"length-{m.Value - 1} (end length-{m.Value} exclusive)",
            };
            o.Append($"0-based: {unit}s at indices {start.Value} down to {lower}");
            if (step != 1)
            {
                o.Append($", every {step}");
            }

            o.Append(", clamped to the input length\n");
        }

        o.Append(step == 1
            ? $"1-based: from {from} to {to}\n"
            : $"1-based: every {step}{Suffix(step)} {unit} from {from} to {to}\n");
        string reverse = step == 1 ? "reverse" : $"reverse, step {step}";
        o.Append((start, end) switch
        {
            ({ FromEnd: true }, null) => $"count: until end of input ({reverse})\n",
            ({ FromEnd: true }, { FromEnd: false } e) =>
                $"count: until end of input ({reverse}), excluding {(Inc(e.Value) == 1 ? $"the first {unit}" : $"the first {Inc(e.Value)} {unit}s")}\n",
            ({ FromEnd: true } k, { } m) => $"count: at most {CeilDiv(m.Value - k.Value, step)}\n",
            (_, null) => $"count: at most {(start.Value / step) + 1}\n",
            (_, { FromEnd: false } e) => $"count: at most {CeilDiv(start.Value - e.Value, step)}\n",
            _ => "count: depends on the input length\n",
        });
        return o.ToString();
    }
}
