namespace Taskmon.Inspection;

/// <summary>
/// One bucket of a task's run-time histogram: how many of its runs (stretches on a thread between awaits) lasted at
/// least <see cref="LowerBound"/> and less than <see cref="UpperBound"/>. Counts are relative once a bucket passes
/// 255 (every bucket is halved then), so the histogram keeps its shape for tasks that run very often.
/// </summary>
public sealed record RunTimeBucket
{
    /// <summary>The shortest run this bucket counts.</summary>
    public required TimeSpan LowerBound { get; init; }

    /// <summary>The bucket's exclusive upper bound; null for the last bucket (10 s and longer).</summary>
    public TimeSpan? UpperBound { get; init; }

    /// <summary>Runs in this bucket (relative, see the type's remarks).</summary>
    public required int Count { get; init; }
}
