using System.Diagnostics;
using Taskmon.Inspection;

namespace Taskmon.State;

/// <summary>
/// A task's run-time histogram packed in one <see cref="ulong"/> (no allocation on the hot path): eight one-byte
/// buckets split at 10 µs, 100 µs, 1 ms, 10 ms, 100 ms, 1 s and 10 s. When a bucket would pass 255 every bucket is
/// halved, so the histogram keeps its shape (proportions) for tasks that run millions of times.
/// </summary>
internal static class RunTimes
{
    public const int Buckets = 8;

    private static readonly long[] s_bounds = BoundsInStopwatchTicks();

    /// <summary>The buckets' upper bounds (the last bucket has none).</summary>
    public static readonly TimeSpan[] UpperBounds =
    [
        TimeSpan.FromMicroseconds(10), TimeSpan.FromMicroseconds(100), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10),
        TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10),
    ];

    /// <summary>Adds one run of <paramref name="stopwatchTicks"/> to <paramref name="histogram"/> (the task's own event thread writes it).</summary>
    public static ulong Add(ulong histogram, long stopwatchTicks)
    {
        var bucket = 0;
        while (bucket < s_bounds.Length && stopwatchTicks >= s_bounds[bucket])
        {
            bucket++;
        }

        var shift = bucket * 8;
        if (((histogram >> shift) & 0xFF) == 0xFF)
        {
            histogram = (histogram >> 1) & 0x7F7F_7F7F_7F7F_7F7FUL;
        }

        return histogram + (1UL << shift);
    }

    /// <summary>The public view of a packed histogram.</summary>
    public static IReadOnlyList<RunTimeBucket> View(ulong histogram)
    {
        var result = new RunTimeBucket[Buckets];
        for (var i = 0; i < Buckets; i++)
        {
            result[i] = new RunTimeBucket
            {
                LowerBound = i == 0 ? TimeSpan.Zero : UpperBounds[i - 1],
                UpperBound = i < UpperBounds.Length ? UpperBounds[i] : null,
                Count = (int)((histogram >> (i * 8)) & 0xFF),
            };
        }

        return result;
    }

    private static long[] BoundsInStopwatchTicks()
    {
        var bounds = new long[Buckets - 1];
        var micros = 10.0;
        for (var i = 0; i < bounds.Length; i++, micros *= 10)
        {
            bounds[i] = (long)(micros * Stopwatch.Frequency / 1_000_000);
        }

        return bounds;
    }
}
