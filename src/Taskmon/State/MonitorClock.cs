using System.Diagnostics;

namespace Taskmon.State;

/// <summary>Turns Stopwatch timestamps (cheap, taken on the hot path) into wall-clock times at query time.</summary>
internal sealed class MonitorClock
{
    private readonly DateTimeOffset _wallAtStart = DateTimeOffset.UtcNow;
    private readonly long _timestampAtStart = Stopwatch.GetTimestamp();

    public DateTimeOffset ToWall(long timestamp) =>
        _wallAtStart + Stopwatch.GetElapsedTime(_timestampAtStart, timestamp);

    public static TimeSpan Ticks(long stopwatchTicks) =>
        TimeSpan.FromTicks((long)(stopwatchTicks * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
}
