using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Taskmon.Hosting;

namespace Taskmon.Benchmarks;

/// <summary>
/// Explicit <c>Run</c> per task on one thread, without the thread pool: the work suspends once on an awaitable that
/// queues its continuation to this thread, which runs it. The pool's wake-ups (which move the pool-based figure by
/// 2-3x from run to run here) are out of it, so what is left is the monitor's own work per task. Next to it, the floor:
/// the least any explicit <c>Run</c> with these features does (a record in a concurrent dictionary with a start and an
/// end timestamp, a token source the operator could cancel, the parent switch through an <c>AsyncLocal</c>, and one
/// continuation that ends the record before the caller's task completes).
/// </summary>
internal static class ExplicitFloorProbe
{
    private const int TasksPerRound = 100_000;

    public static void Run(int rounds)
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, Terminal = { Enabled = false } });
        var cases = new (string Name, Func<Task> Start)[]
        {
            ("TrivialAsync()", static () => TrivialAsync()),
            ("monitor.Run(\"bench\", _ => TrivialAsync())", () => monitor.Run("bench", static _ => TrivialAsync())),
            ("floor: record, 2 clock reads, token source, AsyncLocal, continuation", static () => Floor.Run(static _ => TrivialAsync())),
        };
        var times = cases.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds + 2; round++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < TasksPerRound; i++)
                {
                    Drain(cases[c].Start());
                }

                // The first two rounds warm up (tiering) and are not counted.
                if (round >= 2)
                {
                    times[c].Add(Stopwatch.GetElapsedTime(started).TotalNanoseconds / TasksPerRound);
                }
            }
        }

        var plain = Stats.Median(times[0]);
        var floor = Stats.Median(times[2]);
        Console.WriteLine($"## explicit Run per task on one thread (no pool), median of {rounds} rounds of {TasksPerRound:N0} ({File.ReadAllText("/proc/loadavg").Trim()})");
        Console.WriteLine("| case | per task | over plain |");
        Console.WriteLine("|---|---:|---:|");
        for (var c = 0; c < cases.Length; c++)
        {
            var median = Stats.Median(times[c]);
            Console.WriteLine($"| {cases[c].Name} | {median:0} ns | {(c == 0 ? string.Empty : $"+{median - plain:0} ns")} |");
        }

        Console.WriteLine($"monitor.Run over the floor: +{Stats.Median(times[1]) - floor:0} ns");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task TrivialAsync() => await default(OneThreadYield);

    private static void Drain(Task task)
    {
        var queue = OneThreadYield.Queue;
        while (!task.IsCompleted && queue.TryDequeue(out var continuation))
        {
            continuation();
        }

        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("A task did not complete on the probe's thread.");
        }
    }

    /// <summary>Suspends once and queues the continuation to this thread's queue.</summary>
    private readonly struct OneThreadYield : ICriticalNotifyCompletion
    {
        [ThreadStatic]
        private static Queue<Action>? t_queue;

        public static Queue<Action> Queue => t_queue ??= new Queue<Action>();

        public bool IsCompleted => false;

        public OneThreadYield GetAwaiter() => this;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => Queue.Enqueue(continuation);

        public void UnsafeOnCompleted(Action continuation) => Queue.Enqueue(continuation);
    }

    /// <summary>The floor: what every explicit run with a record, times, a cancellable token, a parent and an end must do.</summary>
    internal static class Floor
    {
        private static readonly AsyncLocal<Record?> s_current = new();
        private static readonly ConcurrentDictionary<long, Record> s_live = new();
        private static long s_nextId;

        public static Task Run(Func<CancellationToken, Task> work)
        {
            var record = new Record { Id = Interlocked.Increment(ref s_nextId), Start = Stopwatch.GetTimestamp(), Cancellation = new CancellationTokenSource() };
            s_live[record.Id] = record;
            var context = ExecutionContext.Capture();
            s_current.Value = record;
            Task inner;
            try
            {
                inner = work(record.Cancellation.Token);
            }
            finally
            {
                ExecutionContext.Restore(context!);
            }

            return End(record, inner);
        }

        private static async Task End(Record record, Task inner)
        {
            try
            {
                await inner.ConfigureAwait(false);
            }
            finally
            {
                record.End = Stopwatch.GetTimestamp();
                s_live.TryRemove(record.Id, out _);
                record.Cancellation.Dispose();
            }
        }

        private sealed class Record
        {
            public long Id;
            public long Start;
            public long End;
            public required CancellationTokenSource Cancellation;
        }
    }
}
