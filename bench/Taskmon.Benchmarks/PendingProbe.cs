using System.Diagnostics;
using Taskmon.Hosting;

namespace Taskmon.Benchmarks;

/// <summary>
/// <c>--pending-probe</c>: the Pending level's own figures in one process (BenchmarkDotNet would need one process per
/// case and cannot switch levels): service loads (light and heavy) with discovery off, Pending, Full and the event
/// floor, alternating rounds, medians, ratios to off; then <see cref="SweepStallProbe"/> (the claim sweep's stall and
/// <c>ps</c> with 100,000 pending).
/// </summary>
internal static class PendingProbe
{
    private const int Requests = 2000;
    private const int Concurrency = 64;
    private static int s_rounds = 5;

    /// <summary><c>--rounds N</c> (default 5) alternating rounds per load; <c>--loads-only</c> skips the stall probe.</summary>
    public static async Task RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--rounds");
        if (at >= 0 && at + 1 < args.Length)
        {
            s_rounds = int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture);
        }

        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        await LoadsAsync("light (4 methods, 4 suspensions, ~15 us CPU)", 15);
        await LoadsAsync("heavy (4 methods, 4 suspensions, ~150 us CPU)", 150);
        if (!args.Contains("--loads-only"))
        {
            await SweepStallProbe.RunAsync();
        }

        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task LoadsAsync(string name, int cpuMicros)
    {
        var modes = new[] { "off", "pending", "full", "floor 0x28+table" };
        var times = modes.ToDictionary(m => m, _ => new List<double>());
        for (var round = 0; round < s_rounds; round++)
        {
            // Each round starts with another mode, so no mode always follows the same one.
            foreach (var mode in modes.Skip(round % modes.Length).Concat(modes.Take(round % modes.Length)))
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
        Console.WriteLine($"## {name}: per request, median of {s_rounds} alternating rounds; ratio of medians; median of the rounds' own ratios");
        foreach (var mode in modes)
        {
            var ratios = times[mode].Zip(times["off"], (m, o) => m / o).ToList();
            Console.WriteLine($"| {mode} | {Median(times[mode]):0.0} us | {Median(times[mode]) / off:0.00}x | {Median(ratios):0.00}x |");
        }
    }

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
