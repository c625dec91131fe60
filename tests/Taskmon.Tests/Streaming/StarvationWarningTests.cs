using System.Globalization;
using System.Text.RegularExpressions;
using Taskmon.Hosting;
using Taskmon.Tests.Commands;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Streaming;

/// <summary>
/// Real thread-pool starvation, seen where a person sees it: the warnings panel of <c>top</c> in a telnet session.
/// Starves this process's pool on purpose, so it runs alone (the starvation collection is not parallel).
/// </summary>
[Trait("tier", "system")]
[Collection(nameof(ThreadPoolStarvationTests))]
public sealed class StarvationWarningTests
{
    // Each work item holds its pool thread this long (sync over async), and items arrive this much faster than the
    // capped pool finishes them, until the backlog is this many seconds of the pool's work: the queue grows while the
    // threads are busy, then drains, and the sessions (which run on the same pool, behind the queue) draw again.
    private const int HoldMilliseconds = 50;
    private const double Overload = 1.5;
    private const double BacklogSeconds = 1.5;

    [Fact]
    public async Task Top_shows_a_starvation_warning_for_a_queue_that_grew_behind_busy_pool_threads()
    {
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Terminal = { Port = 0 } });
        await using var client = await TelnetTestClient.ConnectAsync(monitor.TerminalPort, negotiate: true, width: 240);
        await client.WaitForAsync(">>> ");
        var mark = client.Text.Length;
        await client.SendAsync("top -d 0.2\r");
        await client.WaitForAsync("no warnings", mark); // drawing, and nothing to warn about before the load

        var feeding = true;
        Thread? feeder = null;
        try
        {
            // The pool may not grow past its current size (as when SetMaxThreads caps it, or while it injects threads
            // slowly): cap threads finish 1000/HoldMilliseconds items a second each.
            var cap = Math.Max(ThreadPool.ThreadCount, minWorkers);
            Assert.True(ThreadPool.SetMaxThreads(cap, maxIo));
            var capacity = cap * (1000.0 / HoldMilliseconds);
            var backlog = (long)(capacity * BacklogSeconds);
            feeder = new Thread(() =>
            {
                // A dedicated thread (a timer's callbacks would wait in the very queue it fills), 10 ms ticks, until
                // the app's own backlog is reached.
                var owed = 0.0;
                var next = Environment.TickCount64;
                while (Volatile.Read(ref feeding) && ThreadPool.PendingWorkItemCount < backlog)
                {
                    for (owed += capacity * Overload / 100; owed >= 1; owed--)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(static _ => Thread.Sleep(HoldMilliseconds), null);
                    }

                    next += 10;
                    var wait = next - Environment.TickCount64;
                    if (wait > 0)
                    {
                        Thread.Sleep((int)wait);
                    }
                }
            })
            { IsBackground = true, Name = "starvation feeder" };
            feeder.Start();

            // The panel keeps the episode for a minute once the backlog is gone, when the session can draw again.
            var screen = await client.WaitForAsync("; over now", mark, timeoutMs: 60_000);
            var line = screen[screen.LastIndexOf("thread pool starved for", StringComparison.Ordinal)..].Split('\r', '\n')[0];
            var match = Regex.Match(line, @"thread pool starved for (\S+): up to (\d+) work items queued behind busy threads; over now");
            Assert.True(match.Success, line);
            Assert.True(long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) >= cap, line);
        }
        finally
        {
            Volatile.Write(ref feeding, false);
            feeder?.Join();
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
        }
    }
}
