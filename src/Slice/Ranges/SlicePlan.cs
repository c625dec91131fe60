namespace Slice.Ranges;

/// <summary>
/// The execution shape of a <see cref="RangeSpec"/>. Statically empty ranges are recognised here so
/// that they read no input at all (<c>yes | slice 5:3</c> exits at once).
/// </summary>
internal sealed record SlicePlan(PlanKind Kind, Bound Start, Bound? End, ulong Step)
{
    public bool IsCopy => Kind == PlanKind.Forward && Start.Value == 0 && End is null && Step == 1;

    public static SlicePlan From(RangeSpec range)
    {
        Bound start = range.Start;
        Bound? end = range.End;
        ulong step = range.Step;
        SlicePlan empty = new(PlanKind.Empty, start, end, step);
        if (range.Reverse)
        {
            if (end is { } e)
            {
                // Descending from at or below the end, or an end 1 from the end: nothing for any length.
                if (!start.FromEnd && !e.FromEnd && start.Value <= e.Value)
                {
                    return empty;
                }

                if (start.FromEnd && e.FromEnd && start.Value >= e.Value)
                {
                    return empty;
                }

                if (e.FromEnd && e.Value == 1)
                {
                    return empty;
                }
            }

            return new SlicePlan(PlanKind.Reverse, start, end, step);
        }

        if (!start.FromEnd)
        {
            if (end is { FromEnd: true } lagEnd)
            {
                return new SlicePlan(PlanKind.Lag, start, lagEnd, step);
            }

            return end is { } fixedEnd && start.Value >= fixedEnd.Value ? empty : new SlicePlan(PlanKind.Forward, start, end, step);
        }

        return end switch
        {
            { FromEnd: true } m when start.Value <= m.Value => empty,
            { FromEnd: false, Value: 0 } => empty,
            _ => new SlicePlan(PlanKind.Tail, start, end, step),
        };
    }
}
