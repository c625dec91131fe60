using Taskmon.Commands;
using Taskmon.Hosting;
using Taskmon.Inspection;
using Taskmon.Json;
using Taskmon.Terminal;

namespace Taskmon.Tests.Commands;

/// <summary>The task commands against a real monitor with real tasks, happy and error paths.</summary>
[Trait("tier", "fast")]
public sealed class MonitorCommandsTests : IDisposable
{
    private readonly TaskMonitor _monitor = TaskMonitor.Start(new TaskmonOptions { Terminal = { Enabled = false } });
    private readonly CancellationTokenSource _stop = new();
    private readonly CommandCatalog _catalog;

    public MonitorCommandsTests() => _catalog = TerminalFactory.CreateCatalog(new TerminalOptions(), _monitor);

    public void Dispose()
    {
        _stop.Cancel();
        _monitor.Dispose();
    }

    private async Task<CommandOutcome> Run(string line, bool interactive = false, Action<CommandResult>? notify = null) =>
        await _catalog.ExecuteAsync(line, new CommandContext { Interactive = interactive, Notify = notify ?? (_ => { }) }, CancellationToken.None);

    private long Start(string name, Func<CancellationToken, Task>? work = null, bool persistent = false)
    {
        _ = _monitor.Run(name, work ?? (ct => Task.Delay(Timeout.Infinite, ct)), persistent, _stop.Token);
        return _monitor.GetTasks(new TaskQuery { Filter = name }).Items.Single(i => i.Task.Name == name).Task.Id;
    }

    [Fact]
    public async Task Ps_filters_sorts_limits_and_counts_the_true_total()
    {
        Start("alpha-worker");
        Start("beta-worker");
        Start("gamma-other", persistent: true);
        var outcome = await Run("ps -f worker --sort name --desc --limit 1");
        var ps = Assert.IsType<PsResult>(outcome.Result);
        Assert.Equal(2, ps.Page.TotalMatching);
        Assert.True(ps.Live >= 3);
        Assert.Equal("beta-worker", Assert.Single(ps.Page.Items).Task.Name);
        var text = TextRenderer.Render(ps, 100);
        Assert.Contains($"{ps.Live} tasks running (showing 1, 2 matching)", text, StringComparison.Ordinal);

        var persistent = Assert.IsType<PsResult>((await Run("p -p")).Result);
        Assert.Equal("gamma-other", Assert.Single(persistent.Page.Items).Task.Name);
        Assert.Equal(ExitStatus.Usage, (await Run("ps --sort sideways")).Status);
        Assert.Equal(ExitStatus.Usage, (await Run("ps --limit 0")).Status);
    }

    [Fact]
    public async Task Ps_takes_the_core_vocabulary_its_bounds_and_an_offset()
    {
        Start("vocab-a");
        Start("vocab-b");
        Start("vocab-c");
        var page = Assert.IsType<PsResult>((await Run("ps -f vocab- --sort NAME --offset 1 -n 1 --origin explicit")).Result);
        Assert.Equal("vocab-b", Assert.Single(page.Page.Items).Task.Name);
        Assert.Empty(Assert.IsType<PsResult>((await Run("ps -f vocab- --origin discovered")).Result).Page.Items);

        // The page bounds are the web API's: 1,000 is the largest page, 1,001 is refused with the bound in the message.
        Assert.Equal(ExitStatus.Success, (await Run($"ps -n {QueryVocabulary.MaxLimit}")).Status);
        var tooMany = await Run($"ps -n {QueryVocabulary.MaxLimit + 1}");
        Assert.Equal(ExitStatus.Usage, tooMany.Status);
        Assert.Contains($"from 1 to {QueryVocabulary.MaxLimit}", Assert.IsType<MessageResult>(tooMany.Result).Message, StringComparison.Ordinal);
        Assert.Equal(ExitStatus.Usage, (await Run("ps --offset -1")).Status);
        var badSort = await Run("ps --sort sideways");
        Assert.Contains("id, age, name, state or busy", Assert.IsType<MessageResult>(badSort.Result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_shows_a_live_task_and_refuses_an_unknown_id()
    {
        var id = Start("where-me");
        var outcome = await Run($"w {id}");
        var where = Assert.IsType<WhereResult>(outcome.Result);
        Assert.Equal("where-me", where.Trace.Task.Name);
        var text = TextRenderer.Render(where, 100);
        Assert.Contains("Creation chain", text, StringComparison.Ordinal);
        Assert.Contains("Async stack", text, StringComparison.Ordinal);

        var missing = await Run("where 99999999");
        Assert.Equal("No task 99999999", Assert.IsType<MessageResult>(missing.Result).Message);
        Assert.StartsWith("✗ No task", TextRenderer.Render(missing.Result, 80), StringComparison.Ordinal);
        Assert.Equal(ExitStatus.Usage, (await Run("where abc")).Status);
    }

    [Fact]
    public async Task Cancel_waits_for_the_end_when_not_interactive()
    {
        var id = Start("cancel-me");
        var outcome = await Run($"cancel {id}");
        var result = Assert.IsType<CancelTaskResult>(outcome.Result);
        Assert.Equal(CancelOutcome.Cancelled, result.Outcome);
        Assert.Contains("has finished cancelling", result.Message, StringComparison.Ordinal);
        Assert.Null(_monitor.GetTask(id));
    }

    [Fact]
    public async Task Cancel_in_an_interactive_session_answers_at_once_and_notifies_the_end()
    {
        var id = Start("cancel-later", async ct =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                await Task.Delay(300, CancellationToken.None); // slow to honour the request
            }
        });
        var notified = new TaskCompletionSource<CommandResult>();
        var outcome = await Run($"ca {id}", interactive: true, notify: r => notified.TrySetResult(r));
        var first = Assert.IsType<CancelTaskResult>(outcome.Result);
        Assert.True(first.Pending);
        Assert.False(notified.Task.IsCompleted);
        var last = Assert.IsType<CancelTaskResult>(await notified.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(CancelOutcome.Cancelled, last.Outcome);
    }

    [Fact]
    public async Task Cancel_reports_a_task_that_ignores_cancellation_and_unknown_ids()
    {
        var id = Start("stubborn", _ => Task.Delay(Timeout.Infinite, CancellationToken.None));
        var outcome = await Run($"cancel {id} --timeout 0.3");
        var result = Assert.IsType<CancelTaskResult>(outcome.Result);
        Assert.Equal(CancelOutcome.TimedOut, result.Outcome);
        Assert.Contains("did not honour cancellation", result.Message, StringComparison.Ordinal);
        Assert.Equal(ExitStatus.Failed, outcome.Status);

        var missing = await Run("cancel 99999999");
        Assert.Equal(CancelOutcome.NotFound, Assert.IsType<CancelTaskResult>(missing.Result).Outcome);
        Assert.Equal(ExitStatus.Failed, (await Run("cancel 1 --timeout -4")).Status);
    }

    [Fact]
    public async Task Ps_terminated_and_where_terminated_show_a_fault_and_a_live_canceller()
    {
        var faulted = _monitor.Run("doomed", async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("doomed on purpose");
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => faulted);

        // A live task cancels another one and stays alive: wt must name it as still running.
        using var victimCancel = new CancellationTokenSource();
        var victim = _monitor.Run("victim", ct => Task.Delay(Timeout.Infinite, ct), cancellationToken: victimCancel.Token);
        using var go = new SemaphoreSlim(0);
        Start("canceller", async ct =>
        {
            await go.WaitAsync(ct);
            victimCancel.Cancel(); // synchronously, from this monitored task
            await Task.Delay(Timeout.Infinite, ct);
        });
        go.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => victim);

        var pst = Assert.IsType<PsTerminatedResult>((await Run("pst -f doomed")).Result);
        var record = Assert.Single(pst.Page.Items);
        Assert.Equal(TaskOutcome.Faulted, record.Outcome);
        Assert.Contains("doomed", TextRenderer.Render(pst, 120), StringComparison.Ordinal);

        var wt = Assert.IsType<WhereTerminatedResult>((await Run($"wt {record.TraceId}")).Result);
        Assert.Contains("doomed on purpose", TextRenderer.Render(wt, 120), StringComparison.Ordinal);

        var victimRecord = Assert.Single(Assert.IsType<PsTerminatedResult>((await Run("pt -f victim -o cancelled")).Result).Page.Items);
        var victimTrace = Assert.IsType<WhereTerminatedResult>((await Run($"where-terminated {victimRecord.TraceId}")).Result);
        var text = TextRenderer.Render(victimTrace, 120);
        Assert.Contains("Cancellation chain", text, StringComparison.Ordinal);
        var link = Assert.Single(victimTrace.Trace.CancellationChain);
        Assert.Equal(CancellationKind.Task, link.Kind);
        Assert.Equal("canceller", link.CancellerTaskName);
        Assert.Equal([link.CancellerTaskId!.Value], victimTrace.LiveCancellers);
        Assert.Contains("by task " + link.CancellerTaskId + " canceller (still running)", text, StringComparison.Ordinal);

        var unknown = await Run("wt t-nope");
        Assert.Contains("No terminated task with trace id 't-nope'", Assert.IsType<MessageResult>(unknown.Result).Message, StringComparison.Ordinal);
        Assert.Equal(ExitStatus.Usage, (await Run("pst --outcome weird")).Status);
    }

    [Fact]
    public async Task Pst_lists_newest_first_and_sorts_on_request()
    {
        foreach (var name in new[] { "sorted-b", "sorted-c", "sorted-a" })
        {
            await _monitor.Run(name, _ => Task.CompletedTask);
        }

        async Task<string[]> Names(string options) =>
            [.. Assert.IsType<PsTerminatedResult>((await Run("pst -f sorted- " + options)).Result).Page.Items.Select(t => t.Name)];

        Assert.Equal(["sorted-a", "sorted-c", "sorted-b"], await Names(""));
        Assert.Equal(["sorted-a", "sorted-b", "sorted-c"], await Names("--sort name"));
        Assert.Equal(["sorted-c", "sorted-b", "sorted-a"], await Names("--sort name --desc"));
        Assert.Equal(["sorted-b", "sorted-c", "sorted-a"], await Names("--sort ended"));
        Assert.Equal(["sorted-b", "sorted-c", "sorted-a"], await Names("--sort terminated"));
        Assert.Equal(["sorted-a", "sorted-c", "sorted-b"], await Names("--desc"));
        Assert.Equal(["sorted-c", "sorted-b"], await Names("--offset 1"));
        Assert.Equal(ExitStatus.Usage, (await Run("pst --sort colour")).Status);
    }

    [Fact]
    public async Task Tracking_switches_discovery_and_stack_mode()
    {
        var on = Assert.IsType<TrackingResult>((await Run("tracking on --stacks always")).Result);
        Assert.True(on.Status.Discovery);
        Assert.Equal(CreationStackMode.Always, on.Status.CreationStacks);
        var off = Assert.IsType<TrackingResult>((await Run("tracking off")).Result);
        Assert.False(off.Status.Discovery);
        var status = Assert.IsType<TrackingResult>((await Run("tracking")).Result);
        Assert.Null(status.Change);
        Assert.Equal(ExitStatus.Usage, (await Run("tracking maybe")).Status);

        // One spelling with the web API: per-site, and the JSON's PerSite / perSite read as the same word.
        foreach (var (word, mode) in new[] { ("per-site", CreationStackMode.PerSite), ("sampled", CreationStackMode.Sampled), ("perSite", CreationStackMode.PerSite) })
        {
            var changed = Assert.IsType<TrackingResult>((await Run($"tracking --stacks {word}")).Result);
            Assert.Equal(mode, changed.Status.CreationStacks);
        }

        Assert.Equal("creation stacks: per-site", Assert.IsType<TrackingResult>((await Run("tracking --stacks PerSite")).Result).Change);
    }

    [Fact]
    public void Live_task_ids_and_trace_ids_complete()
    {
        var id = Start("complete-me").ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = _catalog.Complete($"where {id[..^1]}", 6 + id.Length - 1);
        Assert.Contains(id, completion.Items);
        Assert.All(completion.Items, i => Assert.StartsWith(id[..^1], i, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_result_serializes_to_json_with_its_kind()
    {
        var id = Start("json-me");
        foreach (var (line, kind) in new[] { ("ps", "ps"), ($"where {id}", "where"), ("pst", "ps-terminated"), ("tracking", "tracking"), ("tp --sample 0", "threadpool"), ("help", "help"), ("st", "stacktrace") })
        {
            var outcome = await Run(line);
            var json = System.Text.Json.JsonSerializer.Serialize(outcome.Result, TaskmonJsonContext.Default.CommandResult);
            Assert.StartsWith($"{{\"kind\":\"{kind}\"", json, StringComparison.Ordinal);
        }
    }
}
