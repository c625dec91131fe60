// First-page latency of the web API with many live tasks, over real HTTP (keep-alive, like a browser).
// Usage: dotnet run -c Release --project bench/Taskmon.Web.Bench -- [tasks=100000] [repetitions=30]
// Prints one row per query with min / median / p95 / max in milliseconds and the ratio to the 200 ms target.
using System.Diagnostics;
using System.Globalization;
using Taskmon;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Web;

var tasks = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var repetitions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
const double TargetMs = 200;

using var monitor = TaskMonitor.Start(new TaskmonOptions { CreationStacks = CreationStackMode.Off, MaxLiveTasks = Math.Max(200_000, tasks + 1000) });
var release = new TaskCompletionSource();
var clock = Stopwatch.StartNew();
var running = new Task[tasks];
for (var i = 0; i < tasks; i++)
    running[i] = monitor.Run($"worker-{i % 1000}/{i}", _ => release.Task);
Console.WriteLine($"started {tasks:N0} explicit tasks in {clock.ElapsedMilliseconds} ms");

await using var server = TaskmonWebServer.Start(monitor, new TaskmonWebOptions { Port = 0 });
using var http = new HttpClient { BaseAddress = server.Address };

(string Path, TaskQuery Query)[] queries =
[
    ("/api/tasks?limit=100", new TaskQuery { Limit = 100 }),
    ("/api/tasks?limit=100&sort=age&desc=true", new TaskQuery { Limit = 100, Sort = TaskSortKey.Age, Descending = true }),
    ("/api/tasks?limit=100&sort=name", new TaskQuery { Limit = 100, Sort = TaskSortKey.Name }),
    ("/api/tasks?limit=100&sort=busy&desc=true", new TaskQuery { Limit = 100, Sort = TaskSortKey.Busy, Descending = true }),
    ("/api/tasks?limit=100&filter=worker-42/", new TaskQuery { Limit = 100, Filter = "worker-42/" }),
    ("/api/tasks?limit=100&offset=99900", new TaskQuery { Limit = 100, Offset = 99_900 }),
];

// The very first request also pays JIT and connection setup: report it on its own.
clock.Restart();
var first = await http.GetStringAsync(queries[0].Path);
Console.WriteLine($"cold first page: {clock.Elapsed.TotalMilliseconds:F1} ms ({first.Length:N0} bytes)");
Console.WriteLine($"load average while measuring: {LoadAverage()}");
Console.WriteLine();
Console.WriteLine("engine = TaskMonitor.GetTasks in process; http = the same page over HTTP (query + JSON + socket).");
Console.WriteLine($"{"query",-45} {"engine p50",10} {"http min",9} {"http p50",9} {"http p95",9}  p95 / {TargetMs} ms");
foreach (var (path, query) in queries)
{
    await http.GetStringAsync(path); // warm
    var engine = Measure(repetitions, () => { _ = monitor.GetTasks(query); return Task.CompletedTask; });
    var samples = Measure(repetitions, async () =>
    {
        var body = await http.GetStringAsync(path);
        if (body.Length < 10) throw new InvalidOperationException($"empty answer for {path}");
    });
    var e = await engine;
    var h = await samples;
    Console.WriteLine($"{path,-45} {e[e.Length / 2],10:F1} {h[0],9:F1} {h[h.Length / 2],9:F1} {P95(h),9:F1}  {P95(h) / TargetMs,8:P0}");
}
var summary = await Measure(repetitions, () => http.GetStringAsync("/api/summary"));
Console.WriteLine($"{"/api/summary",-45} {"",10} {summary[0],9:F1} {summary[summary.Length / 2],9:F1} {P95(summary),9:F1}  {P95(summary) / TargetMs,8:P0}");

release.SetResult();
await Task.WhenAll(running);

static async Task<double[]> Measure(int repetitions, Func<Task> action)
{
    var samples = new double[repetitions];
    for (var r = 0; r < repetitions; r++)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        samples[r] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
    Array.Sort(samples);
    return samples;
}

static double P95(double[] sorted) => sorted[(int)Math.Ceiling(sorted.Length * 0.95) - 1];

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + $" on {Environment.ProcessorCount} cores" : "n/a";
