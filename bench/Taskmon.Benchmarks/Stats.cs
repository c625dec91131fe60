namespace Taskmon.Benchmarks;

/// <summary>The probes' one summary statistic.</summary>
internal static class Stats
{
    /// <summary>The median of <paramref name="values"/> (the upper one of an even count); NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
