namespace Taskmon.Runtime;

/// <summary>What one <see cref="ActiveTaskTable.Sweep(System.Action{int, Task}?, int, out SweepStats, System.Action?)"/> did.</summary>
internal struct SweepStats
{
    /// <summary>Times a table's lock was held (one chunk each).</summary>
    public int Holds;

    /// <summary>Times the live table was swapped for the emptied one.</summary>
    public int Swaps;

    /// <summary>Walks of a table begun (one per drain, plus one each time a late writer's add changed the table).</summary>
    public int Walks;

    /// <summary>Times a retired table's lock was busy (a late writer in it) and the sweep left it for the next one.</summary>
    public int Busy;

    /// <summary>The longest hold, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long LongestHoldTicks;
}
