using System.Threading.Channels;
using Taskmon.Attach.TargetApp;

// Starts known stuck chains, prints "ready", then answers "ping" with "pong" on stdin until "exit" or end of input,
// so a test can check that the process still runs after taskmon read it. With "--load CHAINS HEAP_MB" it also
// builds a large heap with many pending chains (bench/attach).
var stuck = new Stuck();
stuck.Start();
var load = args is ["--load", var chains, var heapMb] ? Load.Start(int.Parse(chains, System.Globalization.CultureInfo.InvariantCulture), int.Parse(heapMb, System.Globalization.CultureInfo.InvariantCulture)) : null;
Console.Out.WriteLine($"ready {Environment.ProcessId}");
Console.Out.Flush();
while (Console.In.ReadLine() is { } line && line != "exit")
{
    Console.Out.WriteLine(line == "ping" ? "pong" : "?");
    Console.Out.Flush();
}
GC.KeepAlive(stuck);
GC.KeepAlive(load);

namespace Taskmon.Attach.TargetApp
{
    /// <summary>The stuck chains; the await lines are asserted by the tests (keep the marker comments).</summary>
    internal sealed class Stuck
    {
        private readonly SemaphoreSlim _gate = new(0);
        private readonly SemaphoreSlim _innerGate = new(0);
        private readonly TaskCompletionSource<string> _reply = new();
        private readonly TaskCompletionSource<int> _blocked = new();
        private readonly Channel<int> _channel = Channel.CreateUnbounded<int>();
        private readonly List<Task> _tasks = [];

        public void Start()
        {
            for (var i = 0; i < 3; i++)
            {
                _tasks.Add(GateWaitAsync());
            }
            _tasks.Add(WaitForReplyAsync());
            _tasks.Add(ConsumeAsync());
            _tasks.Add(OuterAsync());
            for (var i = 0; i < 5; i++)
            {
                _tasks.Add(SleepyWorkerAsync());
            }
            _tasks.Add(FanOutAsync());
            var blocker = new Thread(() => Console.Error.WriteLine(BlockedAsync().Result)) { IsBackground = true, Name = "blocked on .Result" };
            blocker.Start();
            while (blocker.ThreadState.HasFlag(ThreadState.Unstarted))
            {
                Thread.Yield();
            }
        }

        private async Task GateWaitAsync()
        {
            await _gate.WaitAsync(); // await:gate
        }

        private async Task<string> WaitForReplyAsync()
        {
            var reply = await _reply.Task; // await:reply
            return reply;
        }

        private async Task ConsumeAsync()
        {
            await foreach (var item in _channel.Reader.ReadAllAsync()) // await:channel
            {
                Console.Out.WriteLine(item);
            }
        }

        private async Task OuterAsync()
        {
            await MiddleAsync(); // await:outer
        }

        private async Task MiddleAsync()
        {
            await Task.Yield();
            await InnerGateWaitAsync(); // await:middle
        }

        private async Task InnerGateWaitAsync()
        {
            await _innerGate.WaitAsync(); // await:inner
        }

        private static async Task SleepyWorkerAsync()
        {
            await Task.Delay(TimeSpan.FromHours(1)); // await:sleepy
        }

        private static async Task FanOutAsync()
        {
            await Task.WhenAll(Task.Delay(TimeSpan.FromHours(2)), Task.Delay(TimeSpan.FromHours(3))); // await:fanout
        }

        private async Task<int> BlockedAsync()
        {
            return await _blocked.Task; // await:blocked
        }
    }
}
