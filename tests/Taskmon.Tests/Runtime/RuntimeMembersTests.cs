using System.Collections.Concurrent;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Runtime;
using Taskmon.Tests.Support;
using Taskmon.Tests.Tracking;

namespace Taskmon.Tests.Runtime;

/// <summary>The runtime seam's self-check: each private member found or not, a missing one taking only its feature.</summary>
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class RuntimeMembersTests
{
    [Fact]
    public void On_this_runtime_every_member_is_found()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Terminal = { Enabled = false } });
        var members = monitor.GetStatus().RuntimeMembers;
        Assert.Equal(7, members.Count);
        Assert.All(members, m => Assert.True(m.Found, $"{m.Member}: {m.Note}"));
    }

    [Fact]
    public void A_status_read_before_and_after_another_monitors_start_compares_equal()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Terminal = { Enabled = false } });
        var before = monitor.GetStatus();
        using (TaskMonitor.Start(new TaskmonOptions { Terminal = { Enabled = false } }))
        {
        }

        Assert.Equal(before, monitor.GetStatus());
    }

    [Fact]
    public async Task A_missing_state_field_is_reported_once_and_takes_only_the_await_states()
    {
        var lines = new ConcurrentQueue<string>();
        using var hidden = RuntimeMembers.Hide(RuntimeMember.MachineState);
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Pending, SelfLog = lines.Enqueue, Terminal = { Enabled = false } });

        var status = monitor.GetStatus();
        var missing = Assert.Single(status.RuntimeMembers, m => !m.Found);
        Assert.Equal("<>1__state", missing.Member);
        Assert.Contains("which await", missing.Feature, StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains("runtime member not found: <>1__state", StringComparison.Ordinal));

        // Pending discovery, names and stacks' methods still work; only states and await lines are gone.
        Assert.Equal(DiscoveryLevel.Pending, status.Level);
        var release = new TaskCompletionSource();
        var waiting = OuterAsync(release.Task);
        await Wait.UntilAsync(() => DiscoveryTests.Find(monitor, nameof(OuterAsync)) is not null, "seen without states");
        var outer = DiscoveryTests.Find(monitor, nameof(OuterAsync))!;
        Assert.Equal("Taskmon.Tests.Runtime.RuntimeMembersTests.OuterAsync", outer.Method);
        Assert.Equal(TaskState.Unknown, outer.State);
        var frame = Assert.Single(monitor.GetTrace(outer.Id)!.AsyncStack);
        Assert.Equal("Taskmon.Tests.Runtime.RuntimeMembersTests.OuterAsync", frame.Method);
        Assert.Null(frame.Line);
        release.SetResult();
        await waiting;
    }

    [Fact]
    public void A_missing_task_table_makes_pending_fall_back_to_full_with_the_reason()
    {
        using var hidden = RuntimeMembers.Hide(RuntimeMember.TaskTable);
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Pending, Terminal = { Enabled = false } });

        var status = monitor.GetStatus();
        Assert.Equal(DiscoveryLevel.Full, status.Level);
        Assert.Contains("Pending unavailable", status.LevelNote, StringComparison.Ordinal);
        Assert.Contains("s_currentActiveTasks", status.LevelNote, StringComparison.Ordinal);
        Assert.Equal(["Task.s_asyncDebuggingEnabled, Task.s_currentActiveTasks"], status.RuntimeMembers.Where(m => !m.Found).Select(m => m.Member));
    }

    private static async Task OuterAsync(Task release) => await InnerAsync(release);

    private static async Task InnerAsync(Task release) => await release;
}
