using System.Collections.Concurrent;
using System.Runtime.InteropServices;

using Taskmon.State;

namespace Taskmon.Tracking;

/// <summary>
/// One app thread's events for one <see cref="EventQueue"/>: a single-producer, single-consumer chain of fixed
/// segments. The thread appends without a lock or an interlocked operation (a plain write and a volatile count); the
/// drain reads behind it and hands read segments back for reuse. Bounded: with <see cref="MaxSegments"/> in use and
/// none free, an append fails (the queue counts it dropped) rather than wait.
/// </summary>
internal sealed class EventBuffer
{
    internal const int SegmentSize = 512;
    private readonly ConcurrentQueue<Segment> _free = new();
    private readonly EventQueue _queue;
    private Cursors _at;

    public EventBuffer(EventQueue queue, Thread thread, int maxSegments)
    {
        _queue = queue;
        Thread = thread;
        MaxSegments = Math.Max(2, maxSegments); // the one being written and one to read behind it
        _at.Tail = _at.Head = new Segment();
        _at.Segments = 1;
    }

    public EventQueue Queue => _queue;

    /// <summary>The thread that appends; its buffer is let go once it has died and been read to the end.</summary>
    public Thread Thread { get; }

    public int MaxSegments { get; }

    /// <summary>The operation names this thread began lately (the producer's: the listener's callback).</summary>
    public KnownOperations Operations { get; } = new();

    /// <summary>The discovered runs open on this thread (the consumer's: rebuilt from this thread's run events in order).</summary>
    public RunStack Runs { get; } = new();

    /// <summary>The record the last begin event from this thread created (the consumer's): an explicit task's own work.</summary>
    public TaskRecord? LastBegun
    {
        get => _at.LastBegun;
        set => _at.LastBegun = value;
    }

    /// <summary>Appends on the owning thread; false when the buffer is full (the drain is behind by <see cref="MaxSegments"/> segments).</summary>
    public bool TryAppend(in TplEventEntry entry)
    {
        var tail = _at.Tail;
        var count = tail.Published;
        if (count == SegmentSize)
        {
            tail = Grow();
            if (tail is null)
            {
                return false;
            }

            count = 0;
        }

        // Field by field: the drain hands slots back with their references cleared, so a null one is not written again
        // (a reference written into the array costs a write barrier; most events carry none).
        ref var slot = ref tail.Items[count];
        slot.Timestamp = entry.Timestamp;
        slot.Id = entry.Id;
        slot.Arg = entry.Arg;
        slot.Kind = entry.Kind;
        if (entry.Ref is { } reference)
        {
            slot.Ref = reference;
        }

        if (entry.Extra is { } extra)
        {
            slot.Extra = extra;
        }

        if (entry.Current is { } current)
        {
            slot.Current = current;
        }

        Volatile.Write(ref tail.Published, count + 1);
        return true;
    }

    /// <summary>The consumer: whether an unread entry raised before <paramref name="before"/> waits, and its timestamp.</summary>
    public bool HasBefore(long before, out long timestamp)
    {
        var head = _at.Head;
        var read = _at.Read;
        if (read == SegmentSize && Volatile.Read(ref head.Next) is { } next)
        {
            // Read to the end, and the producer moved on: hand the segment back.
            Array.Clear(head.Items);
            _free.Enqueue(head);
            _at.Head = head = next;
            _at.Read = read = 0;
            _at.Published = 0;
        }

        // The producer's count is read again only when the entries it last showed are used up: each read takes the
        // segment's line from the producer, which writes it on every append.
        if (read < _at.Published || read < (_at.Published = Volatile.Read(ref head.Published)))
        {
            timestamp = head.Items[read].Timestamp;
            return timestamp < before;
        }

        timestamp = 0;
        return false;
    }

    /// <summary>The consumer: the entry <see cref="HasBefore"/> found; valid until <see cref="Advance"/>.</summary>
    public ref TplEventEntry Current => ref _at.Head.Items[_at.Read];

    /// <summary>The consumer: done with <see cref="Current"/>.</summary>
    public void Advance()
    {
        ref var entry = ref _at.Head.Items[_at.Read];
        entry.Ref = null;
        entry.Extra = null;
        entry.Current = null;
        _at.Read++;
    }

    /// <summary>The consumer: nothing unread (now).</summary>
    public bool Empty => !HasBefore(long.MaxValue, out _);

    /// <summary>The consumer, when the queue closes: drops the unread segments and the free ones (the producer keeps its last).</summary>
    public void Abandon()
    {
        _at.Head = _at.Tail;
        _at.Read = SegmentSize;
        _at.Published = SegmentSize;
        _free.Clear();
    }

    private Segment? Grow()
    {
        if (!_free.TryDequeue(out var next))
        {
            if (_at.Segments >= MaxSegments)
            {
                return null;
            }

            next = new Segment();
            _at.Segments++;
        }
        else
        {
            next.Published = 0;
            next.Next = null;
        }

        Volatile.Write(ref _at.Tail.Next, next);
        _at.Tail = next;

        // The drain comes every 10 ms while events flow: wake it early when this thread is a quarter of its bound (16
        // segments, 8,192 events) ahead. Not much sooner: each drain has a fixed cost (the history entries, recycling
        // the records, a look at every thread's open runs), and fewer of a busy service's tasks end in the drain that
        // saw them begin the more often it comes (waking at 4 segments, the light load's drain thread took about a
        // fifth more CPU per request, when such tasks were still listed at every drain).
        if (_at.Segments - _free.Count >= Math.Clamp(MaxSegments / 4, 1, 16))
        {
            _queue.Wake();
        }

        return next;
    }

    /// <summary>
    /// The producer's and the consumer's positions, a cache line apart (and apart from the fields around them): the
    /// consumer moves its position on every event it reads, and on a shared line each move would take the line from
    /// the producer, which reads its own on every append.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 320)]
    private struct Cursors
    {
        [FieldOffset(64)]
        public Segment Tail; // the producer's

        [FieldOffset(72)]
        public int Segments; // the producer's: segments allocated

        [FieldOffset(192)]
        public Segment Head; // the consumer's

        [FieldOffset(200)]
        public TaskRecord? LastBegun; // the consumer's

        [FieldOffset(208)]
        public int Read; // the consumer's: next entry of Head

        [FieldOffset(212)]
        public int Published; // the consumer's: Head's count when last read
    }

    private sealed class Segment
    {
        public readonly TplEventEntry[] Items = new TplEventEntry[SegmentSize];
        public int Published;
        public Segment? Next;
    }
}
