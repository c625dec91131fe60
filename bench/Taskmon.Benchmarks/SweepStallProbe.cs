using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Taskmon.Hosting;
using Taskmon.Runtime;

namespace Taskmon.Benchmarks;

/// <summary>
/// <c>--stall-probe</c> (also the end of <c>--pending-probe</c>): level Pending with 100,000 async methods pending.
/// App threads start and complete short async methods in a loop (each takes the runtime's table lock twice) and time
/// every one; the claim sweep runs on 100,000 fresh entries each round while they do. Prints the app's per-operation
/// latency while sweeping and while idle (p50/p99/p99.9/max), the sweep's lock holds (wall time against the sweeping
/// thread's CPU time in the same hold: a hold far longer than its CPU time was preempted), and <c>ps</c> through the
/// terminal's one-shot protocol over TCP (what the <c>taskmon</c> client sends), right after a burst and steady.
/// </summary>
internal static class SweepStallProbe
{
    private const int Pending = 100_000;
    private const int Rounds = 5;
    private const int ProbeThreads = 2;

    public static async Task RunAsync()
    {
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        var holds = new HoldLog();
        ActiveTaskTable.HoldObserver = holds;
        using var monitor = TaskMonitor.Start(new TaskmonOptions
        {
            Discovery = DiscoveryLevel.Pending,
            Terminal = { Port = 0 },
        });

        var probes = new Probe[ProbeThreads];
        for (var i = 0; i < probes.Length; i++)
        {
            probes[i] = new Probe();
            probes[i].Start();
        }

        var firstPs = new List<(double Wall, double Cpu)>();
        var steadyPs = new List<(double Wall, double Cpu)>();
        var swept = new List<int>();
        var sweepMs = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            // A burst of 100,000 new pending async methods (not timed: the app's own table adds contend with the probes).
            var never = new TaskCompletionSource();
            var pending = new Task[Pending];
            Probe.Phase = Probe.Off;
            for (var i = 0; i < pending.Length; i++)
            {
                pending[i] = Work.AwaitForeverAsync(never.Task);
            }

            // The first ps right after the burst: what an operator sees (it claims up to 10,000 first).
            firstPs.Add(await PsAsync(monitor.TerminalPort));

            // The sweep claims what is left of them (the one-second timer and the ps may have taken some already).
            Probe.Phase = Probe.Sweeping;
            var started = Stopwatch.GetTimestamp();
            var before = holds.Count;
            monitor.Discovery.Refresh();
            sweepMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            swept.Add(holds.Count - before);
            // Idle: the same 100,000 pending, claimed, no sweep work: the machine's own noise, for comparison.
            Probe.Phase = Probe.Idle;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(100, sweepMs[^1])));
            Probe.Phase = Probe.Off;

            steadyPs.Add(await PsAsync(monitor.TerminalPort));
            never.SetResult();
            await Task.WhenAll(pending);
            monitor.Discovery.Refresh();
        }

        foreach (var probe in probes)
        {
            probe.Stop();
        }

        ActiveTaskTable.HoldObserver = null;
        var ops = probes.Sum(p => p.Count(Probe.Sweeping) + p.Count(Probe.Idle));
        Console.WriteLine($"## claim sweep of {Pending:N0} pending, level Pending, {Rounds} rounds, {ProbeThreads} app threads ({ops:N0} timed async-method starts+ends)");
        Console.WriteLine("| app thread, one async method start + end | p50 | p99 | p99.9 | max | count |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine(Probe.Row("while the sweep runs", probes, Probe.Sweeping));
        Console.WriteLine(Probe.Row("idle (no sweep), same pending", probes, Probe.Idle));
        Console.WriteLine($"sweep of one round: median {Stats.Median(sweepMs):0.0} ms wall, {Stats.Median(swept.ConvertAll(c => (double)c)):0} lock holds");
        Console.WriteLine(holds.Summary());
        Console.WriteLine(Probe.Attribution(probes, holds));
        Console.WriteLine("| ps, terminal one-shot over TCP (app threads paused) | wall median | wall max | process CPU median |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| right after a burst of {Pending:N0} (claims up to 10,000 first) | {Stats.Median(firstPs.ConvertAll(p => p.Wall)):0.0} ms | {firstPs.Max(p => p.Wall):0.0} ms | {Stats.Median(firstPs.ConvertAll(p => p.Cpu)):0.0} ms |");
        Console.WriteLine($"| {Pending:N0} pending, claimed | {Stats.Median(steadyPs.ConvertAll(p => p.Wall)):0.0} ms | {steadyPs.Max(p => p.Wall):0.0} ms | {Stats.Median(steadyPs.ConvertAll(p => p.Cpu)):0.0} ms |");
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>
    /// Times <c>ps</c> the way the <c>taskmon</c> client runs it: connect, one exec line, read to the close. The app
    /// threads pause meanwhile, so the process's CPU time in that span is the ps (and the bench's client) alone.
    /// </summary>
    private static async Task<(double Wall, double Cpu)> PsAsync(int port)
    {
        Probe.Paused = true;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes("@taskmon exec text ps\n"));
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var cpuTook = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        Probe.Paused = false;
        if (!text.ToString().Contains("@taskmon status 0", StringComparison.Ordinal) || !text.ToString().Contains(nameof(Work.AwaitForeverAsync), StringComparison.Ordinal))
        {
            throw new InvalidOperationException("ps did not answer as expected: " + text.ToString()[..Math.Min(400, text.Length)]);
        }

        return (took, cpuTook);
    }

    internal static string Us(double ticks) => $"{ticks * 1_000_000.0 / Stopwatch.Frequency:0.0} us";

    /// <summary>One app thread: starts an async method that suspends (its box enters the table), completes it (it leaves).</summary>
    internal sealed class Probe
    {
        public const int Off = 0;
        public const int Sweeping = 1;
        public const int Idle = 2;
        private static readonly long s_slow = Stopwatch.Frequency / 10_000; // 100 us
        private readonly List<long>[] _times = [[], [], []];
        private readonly List<(long Start, long End)> _slow = [];
        private Thread? _thread;
        private volatile bool _stop;

        public static volatile int Phase;
        public static volatile bool Paused;

        public int Count(int phase) => _times[phase].Count;

        public void Start()
        {
            _thread = new Thread(Loop) { IsBackground = true };
            _thread.Start();
        }

        public void Stop()
        {
            _stop = true;
            _thread!.Join();
        }

        public static string Row(string name, Probe[] probes, int phase)
        {
            var all = probes.SelectMany(p => p._times[phase]).Order().ToList();
            if (all.Count == 0)
            {
                return $"| {name} | - | - | - | - | 0 |";
            }

            double At(double q) => all[Math.Min(all.Count - 1, (int)(q * all.Count))];
            return $"| {name} | {Us(At(0.5))} | {Us(At(0.99))} | {Us(At(0.999))} | {Us(all[^1])} | {all.Count:N0} |";
        }

        /// <summary>
        /// App operations slower than 100 us and 1 ms, and how many of them overlapped a hold of a table lock by the sweep
        /// (only those could have waited for it; the rest were preempted or paused by a collection).
        /// </summary>
        public static string Attribution(Probe[] probes, HoldLog holds)
        {
            var windows = holds.Windows.ConvertAll(w => (Start: w.End - w.Wall, w.End));
            var slow = probes.SelectMany(p => p._slow).ToList();
            bool Overlaps((long Start, long End) op) => windows.Any(w => w.Start < op.End && op.Start < w.End);
            var overlapping = slow.Where(Overlaps).ToList();
            var msTicks = Stopwatch.Frequency / 1000;
            var longest = overlapping.Count == 0 ? "none" : Us(overlapping.Max(o => o.End - o.Start));
            var span = windows.Count == 0 ? 1 : Math.Max(1, windows.Max(w => w.End) - windows.Min(w => w.Start));
            var covered = windows.Sum(w => w.End - w.Start) * 100.0 / span;
            return $"app operations over 100 us: {slow.Count:N0} ({overlapping.Count:N0} overlapping a sweep's lock hold); over 1 ms: {slow.Count(o => o.End - o.Start > msTicks):N0} "
                + $"({overlapping.Count(o => o.End - o.Start > msTicks):N0} overlapping); longest overlapping one: {longest}; the holds (wall, preemption included) "
                + $"covered {covered:0.0}% of the time from the first to the last, so about that share of slow operations overlaps one by chance";
        }

        private void Loop()
        {
            while (!_stop)
            {
                if (Paused)
                {
                    Thread.Sleep(1);
                    continue;
                }

                var phase = Phase;
                var gate = new TaskCompletionSource();
                var t0 = Stopwatch.GetTimestamp();
                var task = Work.AwaitForeverAsync(gate.Task); // the box enters the runtime's table, under its lock
                gate.SetResult(); // completes inline: the box leaves the table, under its lock again
                var took = Stopwatch.GetTimestamp() - t0;
                if (phase != Off && phase == Phase && task.IsCompleted)
                {
                    _times[phase].Add(took);
                    if (took > s_slow)
                    {
                        _slow.Add((t0, t0 + took));
                    }
                }
            }
        }
    }

    /// <summary>Each hold of a table lock by the sweep: wall time, and the sweeping thread's CPU time in it.</summary>
    internal sealed class HoldLog : ITableHoldObserver
    {
        private readonly List<(long Wall, long Cpu)> _holds = [];

        public int Count => _holds.Count;

        public long ThreadCpuNanoseconds() => ThreadCpuClock.Nanoseconds();

        /// <summary>When each hold ended and how long it was (Stopwatch ticks): which app operations it could have held up.</summary>
        public List<(long End, long Wall)> Windows { get; } = [];

        public void Held(long wallTicks, long cpuNanoseconds, int entries)
        {
            _holds.Add((wallTicks, cpuNanoseconds));
            Windows.Add((Stopwatch.GetTimestamp(), wallTicks));
        }

        public string Summary()
        {
            if (_holds.Count == 0)
            {
                return "no lock holds";
            }

            var wall = _holds.Select(h => h.Wall).Order().ToList();
            var cpu = _holds.Select(h => h.Cpu * Stopwatch.Frequency / 1_000_000_000.0).Order().ToList();
            double At(List<long> v, double q) => v[Math.Min(v.Count - 1, (int)(q * v.Count))];
            double AtD(List<double> v, double q) => v[Math.Min(v.Count - 1, (int)(q * v.Count))];
            var worst = _holds.MaxBy(h => h.Wall);
            var preempted = _holds.Count(h => h.Wall * 1_000_000_000.0 / Stopwatch.Frequency > (2 * h.Cpu) + 50_000);
            return $"""
                | sweep's hold of a retired table's lock ({_holds.Count:N0} holds) | p50 | p99 | max |
                |---|---:|---:|---:|
                | wall time | {Us(At(wall, 0.5))} | {Us(At(wall, 0.99))} | {Us(wall[^1])} |
                | the sweeping thread's CPU time in the hold | {Us(AtD(cpu, 0.5))} | {Us(AtD(cpu, 0.99))} | {Us(cpu[^1])} |
                longest hold: {Us(worst.Wall)} wall, {Us(worst.Cpu * Stopwatch.Frequency / 1_000_000_000.0)} CPU; holds longer than twice their CPU time + 50 us (preempted): {preempted}
                """;
        }
    }
}
