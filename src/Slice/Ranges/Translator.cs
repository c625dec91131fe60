using System.Text;
using Slice.Scanning;
using static Slice.Ranges.TranslateReasons;
using static Slice.Ranges.Words;

namespace Slice.Ranges;

/// <summary>
/// <c>--translate</c>: the equivalent head/tail/sed/awk/dd command per dialect, or the reason there
/// is none. A candidate is a command with an optional note, or a reason (<see cref="Candidate.Reason"/>).
/// </summary>
internal static class Translator
{
    private static readonly string[] Dialects = ["posix", "bsd", "gnu", "awk"];

    public static string Translate(RangeSpec range, ModeKind mode, string dialect)
    {
        SlicePlan plan = SlicePlan.From(range);
        Candidate For(string d) => plan.IsCopy ? new Candidate("cat", null, null)
            : plan.Kind == PlanKind.Empty ? EmptyCandidate(mode, d)
            : Pick(range, mode, d);
        if (dialect == "all")
        {
            StringBuilder all = new();
            foreach (string d in Dialects)
            {
                Candidate c = For(d);
                all.Append(c.Reason is null ? Block(d, c) : $"# {d}  (no equivalent)\n");
            }

            return all.ToString();
        }

        Candidate one = For(dialect);
        return one.Reason is null ? Block(dialect, one) : $"# no equivalent: {one.Reason}\n";
    }

    private static string Block(string label, Candidate c) =>
        c.Note is null ? $"# {label}\n{c.Command}\n" : $"# {label}  ({c.Note})\n{c.Command}\n";

    private static Candidate Ok(string command, string? note = null) => new(command, note, null);

    private static Candidate No(string reason) => new(null, null, reason);

    private static Candidate? ModeReason(ModeKind mode) => mode switch
    {
        ModeKind.Delimiter => No(Custom),
        ModeKind.Chars => No(Chars),
        ModeKind.Graphemes => No(Graphemes),
        _ => null,
    };

    private static Candidate EmptyCandidate(ModeKind mode, string d) => ModeReason(mode) ?? mode switch
    {
        ModeKind.Lines => d == "gnu" ? Ok("head -n 0") : No(EmptyLines),
        _ => d == "gnu" ? Ok("head -c 0") : No(EmptyBytes),
    };

    private static Candidate Pick(RangeSpec range, ModeKind mode, string d)
    {
        if (range.Reverse)
        {
            return ReverseCandidate(range, mode, d);
        }

        return (range.Start, range.End) switch
        {
            ({ FromEnd: false } s, null) => Unbounded(s.Value, range.Step, mode, d),
            ({ FromEnd: false } s, { FromEnd: false } e) => Bounded(s.Value, e.Value, range.Step, mode, d),
            ({ FromEnd: false } s, { } m) => LagCandidate(s.Value, m.Value, range.Step, mode, d),
            _ => TailCandidate(range.Start.Value, range.End, range.Step, mode, d),
        };
    }

    private static string AwkStepped(ulong first, ulong step, ulong? end)
    {
        string condition = first == 1 ? $"NR%{step}==1" : $"NR>={first} && (NR-{first})%{step}==0";
        if (end is { } e)
        {
            condition = $"{condition} && NR<={e}";
        }

        return $"awk '{condition}'";
    }

    private static Candidate Unbounded(ulong start, ulong step, ModeKind mode, string d)
    {
        if (ModeReason(mode) is { } reason)
        {
            return reason;
        }

        if (mode == ModeKind.Bytes && step > 1)
        {
            return No(StepByte);
        }

        ulong first = Inc(start);
        if (step > 1)
        {
            return d == "gnu" ? Ok($"sed -n '{first}~{step}p'") : Ok(AwkStepped(first, step, null), AwkNewlineNote);
        }

        if (mode == ModeKind.Lines)
        {
            return d == "awk" ? Ok($"awk 'NR>={first}'", AwkNewlineNote) : Ok($"tail -n +{first}");
        }

        return d == "awk" ? No(AwkByte) : Ok($"tail -c +{first}");
    }

    private static Candidate Bounded(ulong start, ulong end, ulong step, ModeKind mode, string d)
    {
        if (ModeReason(mode) is { } reason)
        {
            return reason;
        }

        if (mode == ModeKind.Bytes && step > 1)
        {
            // A stride that reaches no second byte selects just the byte at start.
            if (end - start > step)
            {
                return No(StepByte);
            }

            end = Inc(start);
            step = 1;
        }

        ulong first = Inc(start);
        if (step > 1)
        {
            return Ok(AwkStepped(first, step, end), AwkNewlineNote);
        }

        if (mode == ModeKind.Lines)
        {
            if (d == "awk")
            {
                string condition = first == 1 ? $"NR<={end}" : $"NR>={first} && NR<={end}";
                return Ok($"awk '{condition}'", AwkNewlineNote);
            }

            return start == 0 ? Ok($"head -n {end}")
                : end == first ? Ok($"sed -n '{first}p'")
                : Ok($"sed -n '{first},{end}p'");
        }

        ulong count = end - start;
        return d switch
        {
            "awk" => No(AwkByte),
            "bsd" or "gnu" when start == 0 => Ok($"head -c {end}", HeadCNote),
            _ when start == 0 => Ok($"dd bs=1 count={count} 2>/dev/null"),
            _ => Ok($"dd bs=1 skip={start} count={count} 2>/dev/null"),
        };
    }

    private static Candidate LagCandidate(ulong start, ulong back, ulong step, ModeKind mode, string d)
    {
        if (ModeReason(mode) is { } reason)
        {
            return reason;
        }

        if (start > 0)
        {
            return No(LagStart);
        }

        if (step > 1)
        {
            return No(LagStep);
        }

        if (mode == ModeKind.Lines)
        {
            return d switch
            {
                "awk" => No(AwkTail),
                "gnu" => Ok($"head -n -{back}"),
                _ when back == 1 => Ok("sed '$d'"),
                _ => No(DropLastLines),
            };
        }

        return d switch
        {
            "awk" => No(AwkByte),
            "gnu" => Ok($"head -c -{back}"),
            _ => No(DropLastBytes),
        };
    }

    private static Candidate ReverseCandidate(RangeSpec range, ModeKind mode, string d)
    {
        if (ModeReason(mode) is { } reason)
        {
            return reason;
        }

        if (mode == ModeKind.Bytes)
        {
            return No(ReverseBytes);
        }

        if (range.Start != Bound.End(1) || range.End is not null)
        {
            return No(ReversePartial);
        }

        if (range.Step > 1)
        {
            return No(ReverseStep);
        }

        return d switch
        {
            "gnu" => Ok("tac"),
            "bsd" => Ok("tail -r"),
            "posix" => No(ReversePosix),
            _ => No(AwkTail),
        };
    }

    private static Candidate TailCandidate(ulong back, Bound? end, ulong step, ModeKind mode, string d)
    {
        if (ModeReason(mode) is { } reason)
        {
            return reason;
        }

        if (step > 1)
        {
            return No(TailStep);
        }

        if (end is not null)
        {
            return No(TailBounded);
        }

        if (mode == ModeKind.Lines)
        {
            return d == "awk" ? No(AwkTail) : Ok($"tail -n {back}");
        }

        return d == "awk" ? No(AwkByte) : Ok($"tail -c {back}");
    }

    /// <summary>A command (with an optional caveat) or the reason there is none.</summary>
    private sealed record Candidate(string? Command, string? Note, string? Reason);
}
