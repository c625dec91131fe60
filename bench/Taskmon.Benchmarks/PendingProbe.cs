using System.Diagnostics;
using Taskmon.Hosting;
using Taskmon.Inspection;

namespace Taskmon.Benchmarks;

/// <summary>
/// <c>--pending-probe</c>: the Pending level's own figures in one process (BenchmarkDotNet would need one process per
/// case and cannot switch levels): service loads (light and heavy) with discovery off, Pending, Full and the event
/// floor, alternating rounds, medians, ratios to off; the longest stall of an app thread while the claim sweep takes
/// 100,000 pending tasks out of the runtime's table; and <c>ps</c> of 100,000 pending.
/// </summary>
internal static class PendingProbe
{
    private const int Requests = 2000;
    private const int Concurrency = 64;
    private const int Rounds = 5;

    public static async Task RunAsync()
    {
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        await LoadsAsync("light (4 methods, 4 suspensions, ~15 us CPU)", 15);
        await LoadsAsync("heavy (4 methods, 4 suspensions, ~150 us CPU)", 150);
        await StallAndPsAsync();
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task LoadsAsync(string name, int cpuMicros)
    {
        var modes = new[] { "off", "pending", "full", "floor 0x28+table" };
        var times = modes.ToDictionary(m => m, _ => new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var mode in modes)
            {
                TaskMonitor? monitor = null;
                FloorListener? floor = null;
                switch (mode)
                {
                    case "pending":
                        monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Pending, Terminal = { Enabled = false } });
                        break;
                    case "full":
                        monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } });
                        break;
                    case "floor 0x28+table":
                        floor = FloorListener.Start(Tracking.Keywords.Operations | Tracking.Keywords.Runs, taskTable: true);
                        break;
                }

                await ServeAsync(Requests / 4, cpuMicros);
                var started = Stopwatch.GetTimestamp();
                await ServeAsync(Requests, cpuMicros);
                times[mode].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / Requests);
                monitor?.Dispose();
                floor?.Dispose();
            }
        }

        var off = Median(times["off"]);
        Console.WriteLine($"## {name}: per request, median of {Rounds} alternating rounds");
        foreach (var mode in modes)
        {
            Console.WriteLine($"| {mode} | {Median(times[mode]):0.0} us | {Median(times[mode]) / off:0.00}x |");
        }
    }

    private static async Task StallAndPsAsync()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Pending, Terminal = { Enabled = false } });
        var never = new TaskCompletionSource();
        var longest = 0L;
        var stop = false;
        var probes = 0L;

        // The app thread: starts an async method that suspends (its box enters the runtime's table under its lock).
        var probe = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                var gate = new TaskCompletionSource();
                var t0 = Stopwatch.GetTimestamp();
                _ = Work.AwaitForeverAsync(gate.Task); // enters the table (its lock)
                gate.SetResult(); // completes synchronously: leaves the table (its lock again)
                var took = Stopwatch.GetTimestamp() - t0;
                longest = Math.Max(longest, took);
                probes++;
            }
        })
        { IsBackground = true };

        probe.Start();
        Thread.Sleep(1500);
        var quiet = longest;
        longest = 0;
        var pending = new Task[100_000];
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = Work.AwaitForeverAsync(never.Task);
        }

        var ps = Stopwatch.GetTimestamp();
        var first = monitor.GetTasks();
        var firstPs = Stopwatch.GetElapsedTime(ps).TotalMilliseconds;
        Thread.Sleep(2500); // two sweeps take the rest of the 100,000 out of the table
        var during = longest;
        Volatile.Write(ref stop, true);
        probe.Join();

        var psTimes = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            ps = Stopwatch.GetTimestamp();
            var page = monitor.GetTasks(new TaskQuery { Filter = nameof(Work.AwaitForeverAsync) });
            psTimes.Add(Stopwatch.GetElapsedTime(ps).TotalMilliseconds);
            if (i == 0)
            {
                Console.WriteLine($"ps sees {page.TotalMatching} pending AwaitForeverAsync (first page {page.Items.Count}); the first ps right after the burst saw {first.TotalMatching}");
            }
        }

        Console.WriteLine($"## 100,000 pending, level Pending ({probes} probe starts)");
        Console.WriteLine($"| longest async-method start on an app thread, no sweep work (1.5 s) | {Ms(quiet)} |");
        Console.WriteLine($"| longest async-method start while 100,000 are created and swept (2.5 s) | {Ms(during)} |");
        Console.WriteLine($"| longest hold of the runtime's table lock by the claim sweep | {monitor.Discovery.LongestTableHold.TotalMilliseconds:0.000} ms |");
        Console.WriteLine($"| ps right after the burst (claims up to 10,000 first) | {firstPs:0.0} ms |");
        Console.WriteLine($"| ps of 100,000 pending (median of 5, filter + first page) | {Median(psTimes):0.0} ms |");
        never.SetResult();
        await Task.WhenAll(pending);
    }

    private static string Ms(long ticks) => $"{Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds:0.000} ms";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task ServeAsync(int requests, int cpuMicros)
    {
        var next = -1;
        var workers = new Task[Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < requests)
                {
                    await Work.RequestAsync(cpuMicros);
                }
            });
        }

        await Task.WhenAll(workers);
    }
}
