using Taskmon.Inspection;

namespace Taskmon.State;

/// <summary>The termination history: a bounded ring, and a separate bounded ring for persistent tasks.</summary>
internal sealed class TerminationLog(int capacity, int persistentCapacity, bool recordCompleted)
{
    private readonly TerminationRing _ring = new(capacity);
    private readonly TerminationRing _persistent = new(persistentCapacity);
    private long _sequence;
    private long _completed;
    private long _cancelled;
    private long _faulted;
    private long _lost;

    public int Count => _ring.Count;

    public int PersistentCount => _persistent.Count;

    public long Completed => Interlocked.Read(ref _completed);

    public long Cancelled => Interlocked.Read(ref _cancelled);

    public long Faulted => Interlocked.Read(ref _faulted);

    public long Lost => Interlocked.Read(ref _lost);

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>Entries of non-persistent tasks the history holds before it overwrites the oldest.</summary>
    public int Capacity => _ring.Capacity;

    /// <summary>Whether a termination with this outcome is stored (<see cref="Tally"/> says the same, and counts it).</summary>
    public bool Stores(TaskOutcome outcome, bool persistent) => persistent || recordCompleted || outcome != TaskOutcome.Completed;

    /// <summary>Counts the outcome and tells whether the entry should be stored.</summary>
    public bool Tally(TaskOutcome outcome, bool persistent)
    {
        switch (outcome)
        {
            case TaskOutcome.Completed: Interlocked.Increment(ref _completed); break;
            case TaskOutcome.Cancelled: Interlocked.Increment(ref _cancelled); break;
            case TaskOutcome.Faulted: Interlocked.Increment(ref _faulted); break;
            default: Interlocked.Increment(ref _lost); break;
        }

        return Stores(outcome, persistent);
    }

    public void Add(in TerminatedEntry entry) => (entry.Persistent ? _persistent : _ring).Add(entry);

    /// <summary>Entries of both rings, newest first.</summary>
    public List<TerminatedEntry> NewestFirst(bool persistentOnly)
    {
        var persistent = _persistent.NewestFirst();
        if (persistentOnly)
        {
            return persistent;
        }

        var all = _ring.NewestFirst();
        all.AddRange(persistent);
        all.Sort(static (a, b) => b.Sequence.CompareTo(a.Sequence));
        return all;
    }

    public TerminatedEntry? BySequence(long sequence) => Newest(e => e.Sequence == sequence);

    public TerminatedEntry? ByLiveId(long id) => Newest(e => e.Id == id);

    /// <summary>The newest entry that matches, or null.</summary>
    public TerminatedEntry? Newest(Predicate<TerminatedEntry> match)
    {
        var all = NewestFirst(false);
        var at = all.FindIndex(match);
        return at < 0 ? null : all[at];
    }
}
