using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Taskmon.Hosting;
using Taskmon.Runtime;
using Taskmon.Tests.Support;
using Taskmon.Tests.Tracking;

namespace Taskmon.Tests.Runtime;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class ActiveTaskTableTests
{
    [Fact]
    public async Task On_a_runtime_whose_task_table_cannot_be_read_the_debugger_flag_stays_off_and_the_reason_is_logged()
    {
        var original = ActiveTaskTable.ReadTable;
        Assert.False(DebuggerFlag(null));
        ActiveTaskTable.ReadTable = static () => throw new MissingFieldException("System.Threading.Tasks.Task", "s_currentActiveTasks");
        try
        {
            var lines = new ConcurrentQueue<string>();
            using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full, SelfLog = lines.Enqueue });

            Assert.False(DebuggerFlag(null));
            Assert.True(monitor.DiscoveryEnabled);
            var reason = Assert.Single(lines, l => l.Contains("runtime member not found", StringComparison.Ordinal));
            Assert.Contains("s_currentActiveTasks", reason, StringComparison.Ordinal);
            Assert.Contains("MissingFieldException", reason, StringComparison.Ordinal);

            // Discovery still works, from the events alone: methods, no task objects.
            var release = new TaskCompletionSource();
            var waiting = WaitsAsync(release.Task);
            await Wait.UntilAsync(() => DiscoveryTests.Find(monitor, nameof(WaitsAsync)) is not null, "discovered without the table");
            var trace = monitor.GetTrace(DiscoveryTests.Find(monitor, nameof(WaitsAsync))!.Id)!;
            Assert.Contains("not reachable", trace.StackNote, StringComparison.Ordinal);
            release.SetResult();
            await waiting;
            Assert.DoesNotContain(lines, l => l.Contains("fault", StringComparison.Ordinal));
        }
        finally
        {
            ActiveTaskTable.ReadTable = original;
        }

        Assert.False(DebuggerFlag(null));
    }

    [Fact]
    public void The_debugger_flag_is_on_only_while_a_monitor_holds_the_table()
    {
        Assert.False(DebuggerFlag(null));
        using (TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full }))
        {
            Assert.True(DebuggerFlag(null));
        }

        Assert.False(DebuggerFlag(null));
    }

    [Fact]
    public async Task The_claim_sweep_never_waits_for_the_live_tables_lock_and_claims_what_it_could_not_take_later()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Pending, Terminal = { Enabled = false } });
        var release = new TaskCompletionSource();
        var waiting = WaitsAsync(release.Task); // its box is in the live table now
        var live = ActiveTaskTable.ReadTable();
        Assert.NotNull(live);

        // An app thread inside the runtime's add or remove holds the live table's lock for as long as it runs. A sweep
        // that locked that table would wait here (and every async method start and end in the app behind it).
        bool finished;
        var sweeper = new Thread(() => monitor.Discovery.Refresh()) { IsBackground = true };
        lock (live)
        {
            sweeper.Start();
            finished = sweeper.Join(TimeSpan.FromSeconds(20));
        }

        Assert.True(finished, "the claim sweep waited for the lock of the live task table");
        Assert.NotSame(live, ActiveTaskTable.ReadTable()); // swapped for an empty table instead

        // The box stayed in the retired table (its lock was busy): a later sweep takes it, nothing is lost.
        await Wait.UntilAsync(() => DiscoveryTests.Find(monitor, nameof(WaitsAsync)) is not null, "the box left in the retired table claimed later");
        release.SetResult();
        await waiting;
    }

    private static async Task WaitsAsync(Task release) => await release;

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_asyncDebuggingEnabled")]
    private static extern ref bool DebuggerFlag(Task? owner);
}
