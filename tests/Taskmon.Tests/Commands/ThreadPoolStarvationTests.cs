using Taskmon.Commands;

namespace Taskmon.Tests.Commands;

[CollectionDefinition(nameof(ThreadPoolStarvationTests), DisableParallelization = true)]
public sealed class ThreadPoolStarvationCollection;

/// <summary>Starves the real thread pool on purpose, so it runs alone.</summary>
[Trait("tier", "fast")]
[Collection(nameof(ThreadPoolStarvationTests))]
public sealed class ThreadPoolStarvationTests
{
    [Fact]
    public void Threadpool_hints_at_starvation_when_the_queue_grows_and_threads_stay_flat()
    {
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        var release = new ManualResetEventSlim(); // not disposed: blocked work items still hold it
        try
        {
            // Cap the pool at its current size and fill it with blocked work items, then keep queueing.
            var cap = Math.Max(ThreadPool.ThreadCount, minWorkers);
            Assert.True(ThreadPool.SetMaxThreads(cap, maxIo));
            for (var i = 0; i < cap + 50; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => release.Wait(TimeSpan.FromSeconds(10)), null);
            }
            // Work keeps arriving (from a dedicated thread: timer callbacks themselves need the pool).
            var feeding = true;
            var feeder = new Thread(() =>
            {
                while (Volatile.Read(ref feeding))
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_ => { }, null);
                    Thread.Sleep(5);
                }
            });
            feeder.Start();
            var result = ThreadPoolCommand.Measure(400);
            Volatile.Write(ref feeding, false);
            feeder.Join();
            release.Set();
            Assert.True(result.StarvationSuspected, result.ToString());
            Assert.Contains("starvation", result.Hint, StringComparison.Ordinal);
        }
        finally
        {
            release.Set();
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
        }
    }

}
