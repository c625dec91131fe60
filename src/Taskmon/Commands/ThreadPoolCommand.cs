using System.CommandLine;
using System.Diagnostics;

namespace Taskmon.Commands;

/// <summary>
/// <c>threadpool</c> (<c>tp</c>): pool size, queue and throughput, and a starvation hint when the
/// queue grows while the thread count stays flat (blocking calls on pool threads).
/// </summary>
internal sealed class ThreadPoolCommand : IMonitorCommand
{
    private readonly Option<int> _sample = new("--sample") { Description = "Milliseconds between the two samples", DefaultValueFactory = _ => 500 };

    private readonly TaskMonitor? _monitor;

    public ThreadPoolCommand(TaskMonitor? monitor = null)
    {
        _monitor = monitor;
        Definition = new Command("threadpool", "Thread pool threads, queued work and a starvation hint") { _sample };
        Definition.Aliases.Add("tp");
    }

    public Command Definition { get; }

    public async ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var ms = parse.GetValue(_sample);
        if (ms is < 0 or > 10_000)
        {
            return MessageResult.Error("--sample must be between 0 and 10000 ms");
        }

        // Sampled on a dedicated thread: when the pool starves, a timer continuation would wait in its queue.
        var result = await Task.Factory.StartNew(() => Measure(ms), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .ConfigureAwait(false);
        return _monitor is null ? result : result with { BlockingTasks = _monitor.GetThreadPoolState().BlockingTasks };
    }

    internal static ThreadPoolResult Measure(int ms)
    {
        var (threads0, pending0, completed0) = Sample();
        var clock = Stopwatch.StartNew();
        if (ms > 0)
        {
            Thread.Sleep(ms);
        }
        var (threads1, pending1, completed1) = Sample();
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);

        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        var growth = pending1 - pending0;
        var starving = pending1 > 0 && growth > 0 && threads1 <= threads0 && threads1 >= minWorkers;
        var hint = starving
            ? $"Possible thread pool starvation: {pending1} work items queued (+{growth} in {ms} ms) while threads stay at {threads1}. " +
              "Look for blocking calls (.Result, .Wait(), Thread.Sleep, sync I/O) on pool threads: `ps --sort busy` marks them."
            : pending1 > threads1
                ? $"Queue longer than the thread count ({pending1} > {threads1}); watch whether it keeps growing."
                : "No sign of starvation.";
        return new ThreadPoolResult(threads1, pending1, completed1, minWorkers, maxWorkers, minIo, maxIo, growth,
            threads1 - threads0, ms, Math.Round((completed1 - completed0) / seconds, 1), starving, hint);
    }

    private static (int Threads, long Pending, long Completed) Sample() =>
        (ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, ThreadPool.CompletedWorkItemCount);
}
