using System.Runtime.InteropServices;

/// <summary>
/// The calling thread's CPU time (clock_gettime CLOCK_THREAD_CPUTIME_ID), shared as source by the benchmarks that time
/// work on one thread: a frame of <c>top</c>, a hold of the runtime table's lock.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ThreadCpuTimeId = 3;

    /// <summary>The calling thread's CPU time so far in nanoseconds; 0 off Linux or when the clock cannot be read.</summary>
    public static long Nanoseconds() =>
        OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuTimeId, out var time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : 0;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
