using System.Diagnostics;
using System.Globalization;
using Taskmon;
using Taskmon.Terminal;

// Side by side, in one process: the CPU the whole process uses while 10,000 live tasks churn at 1,000 changes/s
// (500 tasks end and 500 start each second), with no watcher and with 5 watchers that each do what a top session
// does (apply the frame, draw a 200x50 screen). The difference is the cost of serving the watchers, as a share
// of one core. Phases alternate (A B A B ...) so a change in the machine's load hits both alike; medians are used.
// Arguments: [seconds per phase, default 10] [rounds, default 3].
var inv = CultureInfo.InvariantCulture;
var seconds = args.Length > 0 ? int.Parse(args[0], inv) : 10;
var rounds = args.Length > 1 ? int.Parse(args[1], inv) : 3;
const int LiveTasks = 10_000;
const int ChangesPerSecond = 1_000;
const int Watchers = 5;

using var monitor = TaskMonitor.Start(new Taskmon.Hosting.TaskmonOptions { Terminal = { Enabled = false } });
var churn = new Churn(monitor, LiveTasks);
churn.Fill();
using var stop = new CancellationTokenSource();
var driver = new Thread(() => churn.Run(ChangesPerSecond / 2, stop.Token)) { IsBackground = true, Name = "churn" };
driver.Start();

var renderTimes = new List<double>();
var fullRenderTimes = new List<double>();
var renderCpu = new List<double>();
var fullRenderCpu = new List<double>();
var idle = new List<double>();
var watched = new List<double>();
var undrawn = new List<double>();
Console.WriteLine(string.Create(inv, $"{LiveTasks} live tasks, {ChangesPerSecond} changes/s, {Watchers} watchers at 1 s; {rounds} rounds of {seconds} s per phase; {Environment.ProcessorCount} cores; load {Load()}"));
// Warm-up: frames every 0.1 s for 8 s, so every method a frame runs is called well over the 30 times tiered
// compilation waits for before it recompiles it optimized; otherwise the first rounds measure the JIT.
WithWatchers("warm-up", 8, interval: TimeSpan.FromSeconds(0.1));
lock (renderTimes)
{
    renderTimes.Clear();
    fullRenderTimes.Clear();
    renderCpu.Clear();
    fullRenderCpu.Clear();
}

for (var round = 0; round < rounds; round++)
{
    idle.Add(Measure("no watcher", seconds));
    watched.Add(WithWatchers("5 watchers", seconds));
    undrawn.Add(WithWatchers("5 watchers that do not draw", seconds, draw: false));
    Console.WriteLine(string.Create(inv, $"round {round + 1}: no watcher {idle[^1]:0.00}% of a core, {Watchers} watchers {watched[^1]:0.00}%, {Watchers} watchers that do not draw {undrawn[^1]:0.00}%  (load {Load()})"));
}

stop.Cancel();
driver.Join();
var cost = Median(watched) - Median(idle);
renderTimes.Sort();
fullRenderTimes.Sort();
renderCpu.Sort();
fullRenderCpu.Sort();
Console.WriteLine();
Console.WriteLine(string.Create(inv, $"process CPU, median: no watcher {Median(idle):0.00}% of one core, {Watchers} watchers {Median(watched):0.00}%"));
Console.WriteLine(string.Create(inv, $"of which the producer and frame delivery (watchers that do not draw): {Median(undrawn) - Median(idle):0.00}% of one core"));
Console.WriteLine(string.Create(inv, $"cost of serving {Watchers} watchers: {cost:0.00}% of one core (target <= 2%: {(cost <= 2 ? "met" : "NOT met")}); ratio watched/idle {Median(watched) / Math.Max(Median(idle), 0.01):0.00}x"));
Console.WriteLine(string.Create(inv, $"frame render (apply + draw 200x50) of a delta: p50 {Pct(renderTimes, 0.5):0.00} ms, p99 {Pct(renderTimes, 0.99):0.00} ms, max {Pct(renderTimes, 1):0.00} ms; of a full frame ({LiveTasks} rows): p50 {Pct(fullRenderTimes, 0.5):0.00} ms, max {Pct(fullRenderTimes, 1):0.00} ms (target <= 50 ms: {(Pct(fullRenderTimes, 1) <= 50 && Pct(renderTimes, 0.99) <= 50 ? "met" : "NOT met")})"));
Console.WriteLine(string.Create(inv, $"  the same, CPU time of the drawing thread (what the wall clock shows beyond it is waiting for a core): delta p50 {Pct(renderCpu, 0.5):0.00} ms, p99 {Pct(renderCpu, 0.99):0.00} ms, max {Pct(renderCpu, 1):0.00} ms; full frame p50 {Pct(fullRenderCpu, 0.5):0.00} ms, max {Pct(fullRenderCpu, 1):0.00} ms"));
Console.WriteLine(string.Create(inv, $"tasks changed per second seen by the watchers: {churn.Changes / Math.Max(churn.Elapsed.TotalSeconds, 1):0}"));

double Measure(string phase, double span)
{
    var process = Process.GetCurrentProcess();
    var cpu0 = process.TotalProcessorTime;
    var threads0 = ThreadTimes.Take();
    var wall = Stopwatch.StartNew();
    Thread.Sleep(TimeSpan.FromSeconds(span));
    process.Refresh();
    var seconds = wall.Elapsed.TotalSeconds;
    Console.WriteLine($"  {phase}, by thread: " + ThreadTimes.Describe(threads0, ThreadTimes.Take(), seconds));
    return (process.TotalProcessorTime - cpu0).TotalSeconds / seconds * 100;
}

double WithWatchers(string phase, double span, bool draw = true, TimeSpan? interval = null)
{
    using var done = new CancellationTokenSource();
    var readers = Enumerable.Range(0, Watchers).Select(_ => Task.Run(() => ReadAsync(draw, interval ?? TimeSpan.FromSeconds(1), done.Token))).ToArray();
    var result = Measure(phase, span);
    done.Cancel();
    Task.WaitAll(readers.Select(r => r.ContinueWith(static _ => { }, TaskScheduler.Default)).ToArray());
    return result;
}

async Task ReadAsync(bool draw, TimeSpan interval, CancellationToken token)
{
    using var watcher = monitor.Watch(interval);
    var view = new TopView(persistentOnly: false);
    while (!token.IsCancellationRequested)
    {
        var frame = await watcher.NextAsync(token).ConfigureAwait(false);
        if (!draw)
        {
            continue;
        }

        var cpu = ThreadCpuClock.Nanoseconds();
        var clock = Stopwatch.StartNew();
        view.Apply(frame);
        _ = view.Render(200, 50, detailText: null);
        var ms = clock.Elapsed.TotalMilliseconds;
        var cpuMs = (ThreadCpuClock.Nanoseconds() - cpu) / 1e6;
        lock (renderTimes)
        {
            (frame.Full ? fullRenderTimes : renderTimes).Add(ms);
            (frame.Full ? fullRenderCpu : renderCpu).Add(cpuMs);
        }
    }
}

static double Median(List<double> values) => Pct(values.Order().ToList(), 0.5);

static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

/// <summary>Keeps a fixed number of explicit tasks alive and replaces some each 10 ms (each end and each start is one change).</summary>
internal sealed class Churn(TaskMonitor monitor, int live)
{
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private readonly Stopwatch _clock = new();
    private long _changes;

    public long Changes => Interlocked.Read(ref _changes);

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Fill()
    {
        while (_waiting.Count < live)
        {
            Start();
        }
    }

    public void Run(int replacementsPerSecond, CancellationToken stop)
    {
        _clock.Start();
        var perTick = replacementsPerSecond / 100.0;
        var owed = 0.0;
        var next = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            next += Stopwatch.Frequency / 100;
            owed += perTick;
            for (; owed >= 1; owed--)
            {
                _waiting.Dequeue().SetResult();
                Start();
                Interlocked.Add(ref _changes, 2);
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }
        }
    }

    private void Start()
    {
        var source = new TaskCompletionSource();
        _waiting.Enqueue(source);
        _ = monitor.Run("churn", _ => source.Task);
    }
}
