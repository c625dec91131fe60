using System.Runtime.CompilerServices;
using Taskmon.Hosting;
using Taskmon.Runtime;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Tracking;

/// <summary>
/// Full: a sweep gives the runtime table's task objects to the records events created. An async method that begins
/// after the sweep's own drain of events but before it swaps the table out is in the swapped table while its begin
/// event still waits in a thread's buffer: the sweep drains again after the swap, so the object still finds its record.
/// </summary>
[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class ClaimWindowTests
{
    [Fact]
    public async Task A_task_beginning_just_before_the_swap_still_gets_its_task_object()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Full });
        var release = new TaskCompletionSource();
        Task? started = null;
        ActiveTaskTable.BeforeSwap = () => started ??= BeganInTheWindowAsync(release.Task);
        try
        {
            monitor.Discovery.Refresh();
        }
        finally
        {
            ActiveTaskTable.BeforeSwap = null;
        }

        try
        {
            Assert.NotNull(started);
            var view = DiscoveryTests.Find(monitor, nameof(BeganInTheWindowAsync));
            Assert.NotNull(view);
            Assert.True(monitor.Registry.ById(view.Id)?.WeakTask is not null, "the sweep let the task object of a record go");
        }
        finally
        {
            release.SetResult();
            await started!;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task BeganInTheWindowAsync(Task release) => await release;
}
