namespace Taskmon.State;

/// <summary>
/// A fixed-capacity FIFO of terminated entries: adding past capacity overwrites the oldest. Every terminating task of a
/// busy service adds here from whichever thread it ends on, so adding takes no shared lock and allocates nothing: a
/// writer claims a slot with one interlocked increment and copies its entry into the slot's preallocated storage.
/// Readers copy the slots without a lock and keep only copies no writer touched meanwhile (a version check per slot).
/// The ring always holds the newest entries: a writer that stalled while the ring came round never puts its older
/// entry over a newer one.
/// </summary>
internal sealed class TerminationRing(int capacity)
{
    private readonly Slot[] _slots = new Slot[Math.Max(1, capacity)];
    private long _written;

    public int Count => (int)Math.Min(Interlocked.Read(ref _written), _slots.Length);

    public int Capacity => _slots.Length;

    /// <summary>Tests: runs with a writer's number right after it claimed it (a writer stalled there).</summary>
    internal Action<long>? AfterClaim { get; set; }

    public void Add(in TerminatedEntry entry)
    {
        var number = Interlocked.Increment(ref _written);
        AfterClaim?.Invoke(number);
        ref var slot = ref _slots[(number - 1) % _slots.Length];

        // Two writers meet in one slot only when one of them stalled while the ring came round: the later waits, and
        // the one whose entry is older leaves the newer one in place (the ring would have overwritten it anyway).
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref slot.Writer, 1, 0) != 0)
        {
            spin.SpinOnce();
        }

        if (slot.Published < number)
        {
            Interlocked.Exchange(ref slot.Claimed, number);
            slot.Entry = entry;
            Volatile.Write(ref slot.Published, number);
        }

        Volatile.Write(ref slot.Writer, 0);
    }

    /// <summary>Copies the entries, newest first (by sequence); a slot being rewritten while read is left out.</summary>
    public List<TerminatedEntry> NewestFirst()
    {
        var result = new List<TerminatedEntry>(Count);
        for (var i = 0; i < _slots.Length; i++)
        {
            ref var slot = ref _slots[i];
            var published = Volatile.Read(ref slot.Published);
            if (published == 0)
            {
                continue;
            }

            var copy = slot.Entry;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref slot.Claimed) == published)
            {
                result.Add(copy);
            }
        }

        result.Sort(static (a, b) => b.Sequence.CompareTo(a.Sequence));
        return result;
    }

    private struct Slot
    {
        // The number of the last write begun here, and of the last one finished: equal when the entry is whole.
        public long Claimed;
        public long Published;
        public int Writer;
        public TerminatedEntry Entry;
    }
}
