using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Tests.Support;

namespace Taskmon.Tests.Tracking;

[Trait("tier", "fast")]
[Collection(MonitorCollection.Name)]
public sealed class ExplicitTaskTests
{
    [Fact]
    public async Task A_running_explicit_task_is_listed_with_its_name_method_site_and_parent()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off, CreationStacks = CreationStackMode.Off });
        var release = new TaskCompletionSource();
        var childStarted = new TaskCompletionSource();
        Task? child = null;
        var parent = monitor.Run("parent-loop", async ct =>
        {
            child = monitor.Run("child-work", ct2 => ChildWorkAsync(childStarted, release.Task));
            await child;
        });
        await childStarted.Task;

        var tasks = monitor.GetTasks().Items.Select(i => i.Task).ToList();
        var parentTask = tasks.Single(t => t.Name == "parent-loop");
        var childTask = tasks.Single(t => t.Name == "child-work");
        Assert.Equal(parentTask.Id, childTask.ParentId);
        Assert.Null(parentTask.ParentId);
        Assert.Equal("Taskmon.Tests.Tracking.ExplicitTaskTests.ChildWorkAsync", childTask.Method);
        Assert.Equal(TaskOrigin.Explicit, childTask.Origin);
        Assert.True(childTask.Cancellable);
        Assert.NotNull(parentTask.Site);
        Assert.Equal(nameof(A_running_explicit_task_is_listed_with_its_name_method_site_and_parent), parentTask.Site!.Member);
        Assert.EndsWith("ExplicitTaskTests.cs", parentTask.Site.File, StringComparison.Ordinal);

        release.SetResult();
        await parent;
        Assert.Equal(0, monitor.GetCounts().Live);
        var history = monitor.GetTerminated().Items;
        Assert.Equal(["parent-loop", "child-work"], history.Select(h => h.Name));
        Assert.All(history, h => Assert.Equal(TaskOutcome.Completed, h.Outcome));
        Assert.All(history, h => Assert.Matches("^t[0-9a-z]+$", h.TraceId));
    }

    [Fact]
    public async Task A_faulted_task_records_its_exception_and_the_returned_task_faults_the_same_way()
    {
        using var monitor = TaskMonitor.Start();
        var run = monitor.Run("will-fail", async ct =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        });

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.Equal("boom", thrown.Message);
        var record = monitor.GetTerminated().Items.Single();
        Assert.Equal(TaskOutcome.Faulted, record.Outcome);
        Assert.Equal("InvalidOperationException: boom", record.ExceptionSummary);
        var trace = monitor.GetTerminationTrace(record.TraceId);
        Assert.NotNull(trace);
        Assert.Contains("boom", trace!.ExceptionText, StringComparison.Ordinal);
        Assert.Contains(trace.TerminationStack, f => f.Method.Contains("A_faulted_task_records", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_of_T_returns_the_work_result()
    {
        using var monitor = TaskMonitor.Start();
        var value = await monitor.Run("answer", async ct =>
        {
            await Task.Yield();
            return 42;
        });
        Assert.Equal(42, value);
        Assert.Equal(TaskOutcome.Completed, monitor.GetTerminated().Items.Single().Outcome);
    }

    [Fact]
    public async Task Completed_tasks_are_not_recorded_when_only_failures_are_kept()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { RecordCompleted = false });
        await monitor.Run("fine", ct => Task.Delay(1, ct));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.Run("cancelled", ct => Task.FromCanceled(new CancellationToken(true))));

        var history = monitor.GetTerminated().Items;
        Assert.Equal("cancelled", Assert.Single(history).Name);
        var counts = monitor.GetCounts();
        Assert.Equal(1, counts.Completed);
        Assert.Equal(1, counts.Cancelled);
    }

    [Fact]
    public async Task Work_that_completes_before_returning_is_terminated_before_Run_returns_and_its_own_task_is_returned()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off });
        var done = Task.CompletedTask;
        var failure = new InvalidOperationException("sync boom");
        var faulted = Task.FromException(failure);
        var answer = Task.FromResult(42);

        var ran = monitor.Run("sync-done", _ => done);
        Assert.Equal(["sync-done"], monitor.GetTerminated().Items.Select(h => h.Name));
        var failed = monitor.Run("sync-faulted", _ => faulted);
        Assert.Equal(TaskOutcome.Faulted, monitor.GetTerminated().Items.First().Outcome);
        var value = monitor.Run("sync-answer", _ => answer);
        Assert.Equal(0, monitor.GetCounts().Live);

        Assert.Same(done, ran);
        Assert.Same(faulted, failed);
        Assert.Same(answer, value);
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => failed));
        Assert.Equal(42, await value);
        Assert.Equal(["sync-answer", "sync-faulted", "sync-done"], monitor.GetTerminated().Items.Select(h => h.Name));
    }

    [Fact]
    public async Task Work_that_completes_later_is_terminated_before_the_caller_resumes()
    {
        using var monitor = TaskMonitor.Start(new TaskmonOptions { Discovery = DiscoveryLevel.Off });
        for (var i = 0; i < 200; i++)
        {
            var release = new TaskCompletionSource();
            var run = monitor.Run("later", _ => release.Task);
            Assert.Equal(1, monitor.GetCounts().Live);
            _ = Task.Run(release.SetResult);
            await run;
            Assert.Equal(0, monitor.GetCounts().Live);
        }
    }

    private static async Task ChildWorkAsync(TaskCompletionSource started, Task release)
    {
        started.SetResult();
        await release;
    }
}
