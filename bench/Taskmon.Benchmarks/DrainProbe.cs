using System.Diagnostics;
using Taskmon.Hosting;

namespace Taskmon.Benchmarks;

/// <summary>
/// <c>--drain-probe</c>: Full discovery's own work per async method on one thread, without the runtime or a second
/// core in the figure. The probe plays the runtime's four events of a short async method (begin, a run begin and end,
/// end) into a Full monitor's callbacks while its drains are held, then drains them on the same thread: the callback's
/// time per method (on the app's thread in real use) and the drain's (on the background thread), per method, medians
/// of alternating rounds. The same done with a history of 1 entry shows what the history costs.
/// </summary>
internal static class DrainProbe
{
    private const int TasksPerBatch = 4000;
    private const int Batches = 25;
    private const string Operation = "Async: <ProbeAsync>d__0";
    private const int ExecutionWork = 2;
    private const int CompletedStatus = 1;

    public static void Run(int rounds)
    {
        var modes = new (string Name, TaskmonOptions Options)[]
        {
            ("Full, defaults", new TaskmonOptions { Discovery = DiscoveryLevel.Full, Terminal = { Enabled = false } }),
            ("Full, no completed history", new TaskmonOptions { Discovery = DiscoveryLevel.Full, RecordCompleted = false, Terminal = { Enabled = false } }),
            ("Full, no creation stacks", new TaskmonOptions { Discovery = DiscoveryLevel.Full, CreationStacks = CreationStackMode.Off, Terminal = { Enabled = false } }),
        };
        var callback = modes.ToDictionary(m => m.Name, _ => new List<double>());
        var drain = modes.ToDictionary(m => m.Name, _ => new List<double>());
        var nextId = 1_000_000_000;
        for (var round = -2; round < rounds; round++)
        {
            foreach (var (name, options) in modes)
            {
                using var monitor = TaskMonitor.Start(options);
                var discovery = monitor.Discovery;
                var queue = discovery.Queue!;
                long callbackTicks = 0;
                long drainTicks = 0;
                for (var batch = 0; batch < Batches; batch++)
                {
                    var t = DateTime.UtcNow.Ticks - TimeSpan.TicksPerSecond;
                    queue.Held = true;
                    var started = Stopwatch.GetTimestamp();
                    for (var i = 0; i < TasksPerBatch; i++)
                    {
                        var id = nextId++;
                        discovery.OnBegin(id, Operation, t);
                        discovery.OnRunBegin(id, ExecutionWork, t + 1);
                        discovery.OnRunEnd(ExecutionWork, t + 2);
                        discovery.OnEnd(id, CompletedStatus, t + 3);
                        t += 4;
                    }

                    var posted = Stopwatch.GetTimestamp();
                    queue.Held = false;
                    discovery.Flush();
                    var drained = Stopwatch.GetTimestamp();
                    callbackTicks += posted - started;
                    drainTicks += drained - posted;
                }

                if (round >= 0)
                {
                    var perTask = 1e9 / Stopwatch.Frequency / (TasksPerBatch * Batches);
                    callback[name].Add(callbackTicks * perTask);
                    drain[name].Add(drainTicks * perTask);
                }
            }
        }

        Console.WriteLine($"## Full's own work per short async method, one thread (4 events each), median (and least) of {rounds} rounds of {TasksPerBatch * Batches:N0} ({File.ReadAllText("/proc/loadavg").Trim()})");
        Console.WriteLine("| case | callbacks (app thread) | drain (background) | total |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, _) in modes)
        {
            var c = Stats.Median(callback[name]);
            var d = Stats.Median(drain[name]);
            Console.WriteLine($"| {name} | {c:0} ns (least {callback[name].Min():0}) | {d:0} ns (least {drain[name].Min():0}) | {c + d:0} ns |");
        }
    }
}
