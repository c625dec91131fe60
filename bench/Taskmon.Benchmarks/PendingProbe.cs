using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Runtime;
using Taskmon.Hosting;

namespace Taskmon.Benchmarks;

/// <summary>
/// <c>--pending-probe</c>: the levels' own figures in one process (BenchmarkDotNet would need one process per case and
/// cannot switch levels): service loads (light and heavy) with discovery off, explicit <c>Run</c> per request, Pending,
/// Full, the runtime task table alone (Pending's floor) and the event floor, alternating rounds, medians, ratios to off and to the floor, µs per async method; the
/// same per async method with nothing else running; explicit <c>Run</c> per task; then <see cref="SweepStallProbe"/>
/// (the claim sweep's stall and <c>ps</c> with 100,000 pending).
/// </summary>
internal static class PendingProbe
{
    private const int Requests = 2000;
    private const int Concurrency = 64;
    private const int TasksPerRound = 20_000;
    private static int s_rounds = 5;
    private static string? s_only;
    private static int s_warmup = 5;

    /// <summary>
    /// <c>--rounds N</c> (default 5) alternating rounds per load, after <c>--warmup N</c> (default 5) unmeasured ones; <c>--loads-only</c> skips the stall probe;
    /// <c>--per-method</c> runs only the per-async-method comparison; <c>--only MODE</c> runs only that mode of it (for a
    /// profiler: <c>--per-method --only full --rounds 50</c>); <c>--light-only --only MODE[,MODE]</c> (or <c>--heavy-only</c>) one load under those modes (and off, for the ratios),
    /// where besides the default modes <c>full-nohist</c>, <c>full-noacct</c>, <c>full-nostack</c> (Full without completed
    /// history, run-time accounting or creation stacks) and <c>floor 0x8+table</c> are known; <c>--explicit-only</c> only off and explicit <c>Run</c>
    /// (service loads, per task, and per task on one thread with its floor: <see cref="ExplicitFloorProbe"/>).
    /// </summary>
    public static async Task RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--rounds");
        if (at >= 0 && at + 1 < args.Length)
        {
            s_rounds = int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture);
        }

        var warmup = Array.IndexOf(args, "--warmup");
        if (warmup >= 0 && warmup + 1 < args.Length)
        {
            s_warmup = int.Parse(args[warmup + 1], System.Globalization.CultureInfo.InvariantCulture);
        }

        var only = Array.IndexOf(args, "--only");
        s_only = only >= 0 && only + 1 < args.Length ? args[only + 1] : null;
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        if (args.Contains("--per-method"))
        {
            await PerMethodAsync();
            return;
        }

        if ((args.Contains("--light-only") || args.Contains("--heavy-only")) && s_only is not null)
        {
            // One load under the modes given (and off): for a profiler, or to compare builds.
            var light = args.Contains("--light-only");
            await LoadsAsync((light ? "light, " : "heavy, ") + s_only, light ? 15 : 150, [.. s_only.Split(','), "off"]);
            return;
        }

        if (args.Contains("--explicit-only"))
        {
            string[] explicitModes = ["off", "explicit", "explicit floor"];
            await LoadsAsync("light (5 async methods, 4 suspensions, ~15 us CPU)", 15, explicitModes);
            await LoadsAsync("heavy (5 async methods, 4 suspensions, ~150 us CPU)", 150, explicitModes);
            await ExplicitRunAsync();
            ExplicitFloorProbe.Run(s_rounds);
            Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
            return;
        }

        await LoadsAsync("light (5 async methods, 4 suspensions, ~15 us CPU)", 15);
        await LoadsAsync("heavy (5 async methods, 4 suspensions, ~150 us CPU)", 150);
        await PerMethodAsync();
        await ExplicitRunAsync();
        ExplicitFloorProbe.Run(s_rounds);
        if (!args.Contains("--loads-only"))
        {
            await SweepStallProbe.RunAsync();
        }

        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task LoadsAsync(string name, int cpuMicros, string[]? only = null)
    {
        var modes = only ?? ["off", "explicit", "explicit floor", "pending", "table alone", "full", "handoff 0x28+table", "floor 0x28+table"];
        var times = modes.ToDictionary(m => m, _ => new List<double>());
        var drains = modes.ToDictionary(m => m, _ => new List<double>());
        var bytes = modes.ToDictionary(m => m, _ => new List<double>());
        var pauses = modes.ToDictionary(m => m, _ => new List<double>());
        var cpus = modes.ToDictionary(m => m, _ => new List<double>());
        var workers = modes.ToDictionary(m => m, _ => new List<double>());
        var collections = modes.ToDictionary(m => m, _ => (Gen0: 0, Gen1: 0, Gen2: 0));
        // Unmeasured rounds first, at least --warmup N (default 5), and then more until a whole round compiles nothing
        // (at most 60): until every mode's code has been called enough, the JIT compiles tier after tier on the same two
        // cores (measured at up to 60 us of its CPU per request in a round), and the monitor's drain runs unoptimized
        // code; a service that has run for a minute does neither.
        var warmups = 0;
        var compiled = 0L;
        for (var round = -s_warmup; round < s_rounds; round++)
        {
            if (round == -1 && warmups > 0 && JitInfo.GetCompiledMethodCount() != compiled && warmups < 60)
            {
                round = -2;
            }

            if (round < 0)
            {
                warmups++;
                compiled = JitInfo.GetCompiledMethodCount();
            }

            // Each round starts with another mode, so no mode always follows the same one.
            var first = ((round % modes.Length) + modes.Length) % modes.Length;
            foreach (var mode in modes.Skip(first).Concat(modes.Take(first)))
            {
                TaskMonitor? monitor = null;
                FloorListener? floor = null;
                HandoffFloor? handoff = null;
                switch (mode)
                {
                    case "explicit":
                        monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, Terminal = { Enabled = false } });
                        break;
                    case "pending":
                        monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Pending, Terminal = { Enabled = false } });
                        break;
                    case "full":
                        monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } });
                        break;
                    case "full-nohist":
                        monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, RecordCompleted = false, Terminal = { Enabled = false } });
                        break;
                    case "full-noacct":
                        monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, RunTimeAccounting = false, Terminal = { Enabled = false } });
                        break;
                    case "full-nostack":
                        monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, CreationStacks = CreationStackMode.Off, Terminal = { Enabled = false } });
                        break;
                    case "handoff 0x28+table":
                        handoff = HandoffFloor.Start(Tracking.Keywords.Operations | Tracking.Keywords.Runs);
                        break;
                    case "floor 0x8+table":
                        floor = FloorListener.Start(Tracking.Keywords.Operations, taskTable: true);
                        break;
                    case "table alone":
                        floor = FloorListener.Start(EventKeywords.None, taskTable: true);
                        break;
                    case "floor 0x28+table":
                        floor = FloorListener.Start(Tracking.Keywords.Operations | Tracking.Keywords.Runs, taskTable: true);
                        break;
                }

                Func<Func<CancellationToken, Task>, Task>? run = mode switch
                {
                    "explicit" => work => monitor!.Run("request", work),
                    "explicit floor" => ExplicitFloorProbe.Floor.Run,
                    _ => null,
                };
                await ServeAsync(Requests / 4, cpuMicros, run);

                // A monitor lives as long as its app, but here each round starts a new one: what its start allocated for
                // good (the event buffers' segments, the history ring, the caches) goes to the oldest generation now, as
                // it would in the app's first minute, not through the collections this round measures.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var drainBefore = ThreadNanoseconds("Taskmon discov");
                var workersBefore = ThreadNanoseconds(".NET TP Worker");
                var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                var pauseBefore = GC.GetTotalPauseDuration();
                var cpuBefore = Environment.CpuUsage.TotalTime;
                var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var started = Stopwatch.GetTimestamp();
                await ServeAsync(Requests, cpuMicros, run);
                if (round >= 0)
                {
                    times[mode].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / Requests);
                    drains[mode].Add((ThreadNanoseconds("Taskmon discov") - drainBefore) / 1000.0 / Requests);
                    workers[mode].Add((ThreadNanoseconds(".NET TP Worker") - workersBefore) / 1000.0 / Requests);
                    bytes[mode].Add((GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / (double)Requests);
                    pauses[mode].Add((GC.GetTotalPauseDuration() - pauseBefore).TotalMicroseconds / Requests);
                    cpus[mode].Add((Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / Requests);
                    collections[mode] = (collections[mode].Gen0 + GC.CollectionCount(0) - gcBefore.Item1, collections[mode].Gen1 + GC.CollectionCount(1) - gcBefore.Item2, collections[mode].Gen2 + GC.CollectionCount(2) - gcBefore.Item3);
                }

                monitor?.Dispose();
                floor?.Dispose();
                handoff?.Dispose();
            }
        }

        string Per10k(int count) => (count * 10_000.0 / (Requests * (double)s_rounds)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        var off = Stats.Median(times["off"]);
        var floorMedian = times.TryGetValue("floor 0x28+table", out var floorTimes) ? Stats.Median(floorTimes) : double.NaN;
        Console.WriteLine($"## {name}: per request, median of {s_rounds} alternating rounds after {warmups} unmeasured ({File.ReadAllText("/proc/loadavg").Trim()})");
        Console.WriteLine("| case | per request | ratio to off (of medians) | median of the rounds' ratios to off | ratio to floor | per async method over off | over floor | drain thread CPU per request | bytes per request | GCs gen0/1/2 per 10k requests | GC pause per request | CPU per request, all threads | of which the pool's threads |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var mode in modes)
        {
            var median = Stats.Median(times[mode]);
            var ratios = times[mode].Zip(times["off"], (m, o) => m / o).ToList();
            Console.WriteLine($"| {mode} | {median:0.0} us | {median / off:0.00}x | {Stats.Median(ratios):0.00}x | {median / floorMedian:0.00}x | {(median - off) / Work.MethodsPerRequest:+0.00;-0.00} us | {(median - floorMedian) / Work.MethodsPerRequest:+0.00;-0.00} us | {Stats.Median(drains[mode]):0.00} us | {Stats.Median(bytes[mode]):0} | {Per10k(collections[mode].Gen0)}/{Per10k(collections[mode].Gen1)}/{Per10k(collections[mode].Gen2)} | {Stats.Median(pauses[mode]):0.00} us | {Stats.Median(cpus[mode]):0.0} us | {Stats.Median(workers[mode]):0.0} us |");
        }
    }

    /// <summary>
    /// Per async method with nothing else running: a trivial async method (one <c>Task.Yield</c>) awaited one after
    /// another under each level and the floor, alternating rounds; the app thread's cost plus whatever the monitor's
    /// own threads take from it.
    /// </summary>
    private static async Task PerMethodAsync()
    {
        var modes = new[] { "off", "pending", "table alone", "full", "floor 0x28+table" };
        if (s_only is not null)
        {
            modes = [s_only, "off", "floor 0x28+table"];
        }

        var times = modes.ToDictionary(m => m, _ => new List<double>());
        var bytes = modes.ToDictionary(m => m, _ => new List<double>());
        var cpu = modes.ToDictionary(m => m, _ => new List<double>());
        using var process = Process.GetCurrentProcess();
        // Two unmeasured rounds first: the JIT's background compiles of each mode's code (Taskmon's most of all) would
        // count in the CPU time of the first rounds.
        for (var round = -2; round < s_rounds * 2; round++)
        {
            foreach (var mode in s_only is null ? modes : [s_only])
            {
                using var monitor = mode switch
                {
                    "pending" => TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Pending, Terminal = { Enabled = false } }),
                    "full" => TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } }),
                    _ => null,
                };
                using var floor = mode switch
                {
                    "floor 0x28+table" => FloorListener.Start(Tracking.Keywords.Operations | Tracking.Keywords.Runs, taskTable: true),
                    "table alone" => FloorListener.Start(EventKeywords.None, taskTable: true),
                    _ => null,
                };
                for (var i = 0; i < TasksPerRound / 4; i++)
                {
                    await Work.TrivialAsync();
                }

                // Bytes and CPU time from every thread: the monitor's drain allocates and works too.
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < TasksPerRound; i++)
                {
                    await Work.TrivialAsync();
                }

                var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds / TasksPerRound;

                // The drain's work on this round's events that it has not done yet (a list query drains first).
                _ = monitor?.GetCounts();
                var allocatedPer = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)TasksPerRound;
                process.Refresh();
                var cpuPer = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / TasksPerRound;
                if (round >= 0)
                {
                    times[mode].Add(elapsed);
                    bytes[mode].Add(allocatedPer);
                    cpu[mode].Add(cpuPer);
                }
            }
        }

        var off = Stats.Median(times["off"]);
        var floorMedian = Stats.Median(times["floor 0x28+table"]);
        Console.WriteLine($"## per async method, one after another, median of {s_rounds * 2} alternating rounds of {TasksPerRound:N0} ({File.ReadAllText("/proc/loadavg").Trim()})");
        // CPU time of the whole process (every thread: the drain's too), less sensitive to a loaded machine than wall time.
        var cpuFloor = Stats.Median(cpu["floor 0x28+table"]);
        Console.WriteLine("| case | per async method | over off | over floor | CPU per method, all threads | CPU over floor | bytes allocated per method |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var mode in modes.Where(m => times[m].Count > 0))
        {
            var median = Stats.Median(times[mode]);
            var cpuMedian = Stats.Median(cpu[mode]);
            Console.WriteLine($"| {mode} | {median:0.000} us | {median - off:+0.000;-0.000} us | {median - floorMedian:+0.000;-0.000} us | {cpuMedian:0.000} us | {cpuMedian - cpuFloor:+0.000;-0.000} us | {Stats.Median(bytes[mode]):0} |");
        }
    }

    /// <summary>
    /// Explicit <c>Run</c> per task: a trivial async method (one <c>Task.Yield</c>) awaited directly, or started with
    /// <c>monitor.Run</c> (discovery off), alternating rounds of <see cref="TasksPerRound"/> one after another.
    /// </summary>
    private static async Task ExplicitRunAsync()
    {
        var plain = new List<double>();
        var run = new List<double>();
        var plainBytes = new List<double>();
        var runBytes = new List<double>();
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, Terminal = { Enabled = false } });
        for (var round = 0; round < s_rounds * 2; round++)
        {
            // Bytes from every thread (the continuations resume on pool threads); the monitor's own threads add little.
            var bytes = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < TasksPerRound; i++)
            {
                await Work.TrivialAsync();
            }

            plain.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / TasksPerRound);
            plainBytes.Add((GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)TasksPerRound);
            bytes = GC.GetTotalAllocatedBytes(precise: true);
            started = Stopwatch.GetTimestamp();
            for (var i = 0; i < TasksPerRound; i++)
            {
                await monitor.Run("bench", static _ => Work.TrivialAsync());
            }

            run.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / TasksPerRound);
            runBytes.Add((GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)TasksPerRound);
        }

        Console.WriteLine($"## explicit Run per task, median of {s_rounds * 2} alternating rounds of {TasksPerRound:N0} ({File.ReadAllText("/proc/loadavg").Trim()})");
        Console.WriteLine("| case | per task | over plain | allocated per task |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| await TrivialAsync() | {Stats.Median(plain):0.000} us | | {Stats.Median(plainBytes):0} B |");
        Console.WriteLine($"| await monitor.Run(\"bench\", _ => TrivialAsync()) | {Stats.Median(run):0.000} us | +{Stats.Median(run) - Stats.Median(plain):0.000} us | {Stats.Median(runBytes):0} B |");
    }

    /// <summary>Run time so far (<c>/proc/self/task/*/schedstat</c>) of the threads whose name starts with <paramref name="prefix"/>, live ones only.</summary>
    private static long ThreadNanoseconds(string prefix)
    {
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal))
                {
                    total += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return total;
    }

    /// <summary>The load: <see cref="Requests"/> requests, <see cref="Concurrency"/> in flight, each started through <paramref name="run"/> when given.</summary>
    private static async Task ServeAsync(int requests, int cpuMicros, Func<Func<CancellationToken, Task>, Task>? run)
    {
        var next = -1;
        var workers = new Task[Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < requests)
                {
                    if (run is null)
                    {
                        await Work.RequestAsync(cpuMicros);
                    }
                    else
                    {
                        await run(_ => Work.RequestAsync(cpuMicros));
                    }
                }
            });
        }

        await Task.WhenAll(workers);
    }
}
