using System.Diagnostics;
using Taskmon.Diagnostics;

namespace Taskmon.Tracking;

/// <summary>The drain's handler of one event, with the buffer (thread) it came from and its time in Stopwatch ticks.</summary>
internal delegate void TplEventHandler(EventBuffer from, ref TplEventEntry entry, long timestamp);

/// <summary>
/// Moves discovery's work off the app's threads: the listener's callback only appends a <see cref="TplEventEntry"/> to
/// its thread's <see cref="EventBuffer"/>, and a background thread (or a query, through <see cref="Flush"/>) drains
/// every buffer into the handler. A task can begin on one thread, run on another and end on a third, so the drain
/// merges the buffers by timestamp, and only takes events raised before it started: an event that was raised earlier
/// but not yet appended when the drain looked has no effect the drain has seen (whatever follows it in the program
/// was raised after it was appended), so taking it in a later drain keeps every task's own events in order.
/// Timestamps are the runtime's own stamps on the events (UTC ticks, read anyway); the drain turns them into
/// Stopwatch ticks against both clocks read when it starts. A step of the wall clock backwards while a task runs on
/// two threads can misorder that task's events (its end then comes before its begin, and the record stays live).
/// </summary>
internal sealed class EventQueue : IDisposable
{
    internal const int DefaultMaxSegments = 64;
    private static readonly TimeSpan s_busyPeriod = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan s_idlePeriod = TimeSpan.FromMilliseconds(100);

    // Stopwatch ticks per DateTime tick when whole (Linux: 100); 0 when not.
    private static readonly long s_stopwatchTicksPerTick = Stopwatch.Frequency % TimeSpan.TicksPerSecond == 0 ? Stopwatch.Frequency / TimeSpan.TicksPerSecond : 0;

    [ThreadStatic]
    private static EventBuffer?[]? t_buffers;

    private readonly TplEventHandler _handler;
    private readonly Action<bool>? _drained;
    private readonly SelfLog _selfLog;
    private readonly int _maxSegments;
    private readonly Lock _attach = new();
    private readonly Lock _drain = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly PriorityQueue<EventBuffer, long> _merge = new();
    private readonly Thread? _consumer;
    private EventBuffer[] _buffers = [];
    private volatile bool _closed;
    private bool _held;
    private long _dropped;
    private long _drainedCount;

    /// <summary>
    /// Starts the queue; <paramref name="drained"/> runs at the end of each drain that handed over events and of every
    /// <see cref="Flush"/> (its argument true), still inside it (a query's <see cref="Flush"/> returns after it); <paramref name="background"/> false leaves all draining to
    /// <see cref="Flush"/> (tests).
    /// </summary>
    public EventQueue(TplEventHandler handler, SelfLog selfLog, int maxSegments = DefaultMaxSegments, bool background = true, Action<bool>? drained = null)
    {
        _handler = handler;
        _drained = drained;
        _selfLog = selfLog;
        _maxSegments = maxSegments;
        if (background)
        {
            _consumer = new Thread(Consume) { IsBackground = true, Name = "Taskmon discovery" };
            _consumer.Start();
        }
    }

    /// <summary>Events a full buffer turned away (the drain was too far behind): their tasks' records may be wrong.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events handed to the handler so far.</summary>
    public long Drained => Interlocked.Read(ref _drainedCount);

    /// <summary>Tests: while set, drains do nothing (events posted meanwhile all go to the first drain after).</summary>
    internal bool Held
    {
        get => Volatile.Read(ref _held);
        set => Volatile.Write(ref _held, value);
    }

    /// <summary>Buffers (threads) being read.</summary>
    public int Buffers => Volatile.Read(ref _buffers).Length;

    /// <summary>The buffers being read (the drain's: their run stacks and last begun records).</summary>
    public EventBuffer[] Attached => Volatile.Read(ref _buffers);

    /// <summary>Appends on the calling thread; never blocks. False (and counted) when its buffer is full.</summary>
    public bool Post(in TplEventEntry entry) => Post(BufferOfThisThread(), entry);

    /// <summary>Appends to <paramref name="buffer"/>, the calling thread's (<see cref="BufferOfThisThread"/>).</summary>
    public bool Post(EventBuffer buffer, in TplEventEntry entry)
    {
        if (_closed)
        {
            return false;
        }

        if (!buffer.TryAppend(entry))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Hands the handler every event raised before now, in order, on the calling thread: a query calls it first, so it
    /// sees everything that happened before it was asked.
    /// </summary>
    public void Flush() => Drain(flush: true);

    /// <summary>Asks the background thread to drain now (a buffer filled a segment).</summary>
    public void Wake()
    {
        try
        {
            _wake.Set();
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile.
        }
    }

    /// <summary>Stops the background thread and drops what is unread; appends after this are ignored.</summary>
    public void Dispose()
    {
        _closed = true;
        _wake.Set();
        if (_consumer is not null && _consumer != Thread.CurrentThread)
        {
            _consumer.Join(TimeSpan.FromSeconds(5));
        }

        lock (_drain)
        {
            // Waits for a query's drain under way; later ones return at once. A thread keeps its buffer of this queue
            // until it posts to another: let go of all but its last segment now.
            foreach (var buffer in _buffers)
            {
                buffer.Abandon();
            }

            Volatile.Write(ref _buffers, []);
        }

        _wake.Dispose();
    }

    /// <summary>The calling thread's buffer for this queue (made on its first event).</summary>
    public EventBuffer BufferOfThisThread()
    {
        var buffers = t_buffers;
        if (buffers is not null)
        {
            foreach (var buffer in buffers)
            {
                if (buffer is not null && buffer.Queue == this)
                {
                    return buffer;
                }
            }
        }

        return Attach();
    }

    /// <summary>This thread's first event for this queue: a buffer, kept in the thread's list (where those of closed queues give way) and in the queue's.</summary>
    private EventBuffer Attach()
    {
        var buffer = new EventBuffer(this, Thread.CurrentThread, _maxSegments);
        var buffers = t_buffers ??= new EventBuffer?[2];
        var slot = Array.FindIndex(buffers, static b => b is null || b.Queue._closed);
        if (slot < 0)
        {
            slot = buffers.Length;
            Array.Resize(ref buffers, buffers.Length * 2);
            t_buffers = buffers;
        }

        buffers[slot] = buffer;
        lock (_attach)
        {
            _buffers = [.. _buffers, buffer];
        }

        return buffer;
    }

    private void Consume()
    {
        var period = s_busyPeriod;
        while (!_closed)
        {
            try
            {
                _wake.WaitOne(period);
                var before = Drained;
                Drain(flush: false);
                period = Drained == before ? s_idlePeriod : s_busyPeriod;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex)
            {
                _selfLog.Fault("discovery drain", ex);
            }
        }
    }

    private void Drain(bool flush)
    {
        var before = DateTime.UtcNow.Ticks;
        var stopwatchNow = Stopwatch.GetTimestamp();

        // No load below may be taken before the clock was read: an event raised before it and appended by then is seen.
        Interlocked.MemoryBarrier();
        lock (_drain)
        {
            if (_closed || Held)
            {
                return;
            }

            var buffers = Volatile.Read(ref _buffers);
            var merge = _merge;
            var finished = 0;
            foreach (var buffer in buffers)
            {
                if (buffer.HasBefore(before, out var timestamp))
                {
                    merge.Enqueue(buffer, timestamp);
                }
                else if (!buffer.Thread.IsAlive && buffer.Empty)
                {
                    finished++;
                }
            }

            var drained = 0L;
            while (merge.TryDequeue(out var buffer, out _))
            {
                // Take this thread's events up to the next thread's first one, then requeue it.
                var limit = merge.TryPeek(out _, out var next) ? Math.Min(before, next + 1) : before;
                long timestamp;
                do
                {
                    try
                    {
                        ref var entry = ref buffer.Current;
                        _handler(buffer, ref entry, StopwatchTicks(entry.Timestamp, before, stopwatchNow));
                    }
                    catch (Exception ex)
                    {
                        _selfLog.Fault("discovery event " + buffer.Current.Kind, ex);
                    }

                    buffer.Advance();
                    drained++;
                }
                while (buffer.HasBefore(limit, out timestamp));

                if (buffer.HasBefore(before, out timestamp))
                {
                    merge.Enqueue(buffer, timestamp);
                }
            }

            Interlocked.Add(ref _drainedCount, drained);
            if ((drained > 0 || flush) && _drained is { } end)
            {
                try
                {
                    end(flush);
                }
                catch (Exception ex)
                {
                    _selfLog.Fault("discovery drain end", ex);
                }
            }

            if (finished > 0)
            {
                LetGoOfFinishedThreads();
            }
        }
    }

    /// <summary>An event's UTC ticks as Stopwatch ticks, against the pair of clock readings the drain started with.</summary>
    internal static long StopwatchTicks(long utcTicks, long utcNow, long stopwatchNow)
    {
        var ago = utcNow - utcTicks;
        return stopwatchNow - (s_stopwatchTicksPerTick is var factor and > 0 ? ago * factor : (long)(ago * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond)));
    }

    private void LetGoOfFinishedThreads()
    {
        lock (_attach)
        {
            _buffers = Array.FindAll(_buffers, static b => b.Thread.IsAlive || !b.Empty);
        }
    }
}
