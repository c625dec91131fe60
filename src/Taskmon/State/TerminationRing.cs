namespace Taskmon.State;

/// <summary>
/// A fixed-capacity FIFO of terminated entries: adding past capacity overwrites the oldest. Lock-free, because every
/// terminating task of a busy service adds here from whichever pool thread it ends on: a writer claims a slot with one
/// interlocked increment and publishes its entry there. Readers copy the slots and order them by sequence.
/// </summary>
internal sealed class TerminationRing(int capacity)
{
    private readonly TerminatedEntry?[] _slots = new TerminatedEntry?[Math.Max(1, capacity)];
    private long _written;

    public int Count => (int)Math.Min(Interlocked.Read(ref _written), _slots.Length);

    public int Capacity => _slots.Length;

    public void Add(TerminatedEntry entry)
    {
        var slot = (Interlocked.Increment(ref _written) - 1) % _slots.Length;
        Volatile.Write(ref _slots[slot], entry);
    }

    /// <summary>Copies the entries, newest first (by sequence: two writers racing for one wrapped slot keep the later one or the earlier one, never a torn entry).</summary>
    public List<TerminatedEntry> NewestFirst()
    {
        var result = new List<TerminatedEntry>(Count);
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is { } entry)
            {
                result.Add(entry);
            }
        }

        result.Sort(static (a, b) => b.Sequence.CompareTo(a.Sequence));
        return result;
    }
}
