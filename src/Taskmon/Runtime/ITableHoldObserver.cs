namespace Taskmon.Runtime;

/// <summary>
/// A benchmark's probe into the claim sweep (<see cref="ActiveTaskTable.HoldObserver"/>): each hold of a table lock,
/// with the sweeping thread's CPU time in it, so a hold stretched by preemption can be told from one that worked long.
/// </summary>
internal interface ITableHoldObserver
{
    /// <summary>The calling thread's CPU time so far, in nanoseconds.</summary>
    long ThreadCpuNanoseconds();

    /// <summary>One hold: wall time in <see cref="System.Diagnostics.Stopwatch"/> ticks, CPU time in nanoseconds, entries taken.</summary>
    void Held(long wallTicks, long cpuNanoseconds, int entries);
}
