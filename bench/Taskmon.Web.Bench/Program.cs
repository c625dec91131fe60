// First-page latency of the web API with many live tasks, over real HTTP (keep-alive, like a browser).
// Usage: dotnet run -c Release --project bench/Taskmon.Web.Bench -- [tasks=100000] [repetitions=30]
// Prints one row per query with min / median / p95 / max in milliseconds and the ratio to the 200 ms target.
using System.Diagnostics;
using System.Globalization;
using Taskmon;
using Taskmon.Hosting;
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

string[] queries =
[
    "/api/tasks?limit=100",
    "/api/tasks?limit=100&sort=age&desc=true",
    "/api/tasks?limit=100&sort=name",
    "/api/tasks?limit=100&sort=busy&desc=true",
    "/api/tasks?limit=100&filter=worker-42/",
    "/api/tasks?limit=100&offset=99900",
    "/api/summary",
];

// The very first request also pays JIT and connection setup: report it on its own.
clock.Restart();
var first = await http.GetStringAsync(queries[0]);
Console.WriteLine($"cold first page: {clock.Elapsed.TotalMilliseconds:F1} ms ({first.Length:N0} bytes)");
Console.WriteLine();
Console.WriteLine($"{"query",-45} {"min",7} {"median",7} {"p95",7} {"max",7}  vs {TargetMs} ms target");
foreach (var query in queries)
{
    await http.GetStringAsync(query); // warm
    var samples = new double[repetitions];
    for (var r = 0; r < repetitions; r++)
    {
        clock.Restart();
        var body = await http.GetStringAsync(query);
        samples[r] = clock.Elapsed.TotalMilliseconds;
        if (body.Length < 10) throw new InvalidOperationException($"empty answer for {query}");
    }
    Array.Sort(samples);
    var median = samples[repetitions / 2];
    var p95 = samples[(int)Math.Ceiling(repetitions * 0.95) - 1];
    Console.WriteLine($"{query,-45} {samples[0],7:F1} {median,7:F1} {p95,7:F1} {samples[^1],7:F1}  p95 = {p95 / TargetMs:P0} of target");
}

release.SetResult();
await Task.WhenAll(running);
