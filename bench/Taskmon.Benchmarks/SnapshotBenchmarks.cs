using BenchmarkDotNet.Attributes;
using Taskmon.Inspection;

namespace Taskmon.Benchmarks;

/// <summary>
/// Cost of a <c>ps</c>-style snapshot (first page of the sorted live list, plus counts) with 100,000 live tasks,
/// explicit or discovered (each awaiting a gate that opens at cleanup).
/// </summary>
public class SnapshotBenchmarks
{
    public const int LiveTasks = 100_000;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _tasks = new(LiveTasks);
    private TaskMonitor? _monitor;

    [GlobalSetup(Targets = [nameof(PsExplicit), nameof(PsExplicitByBusyFiltered)])]
    public void SetupExplicit()
    {
        _monitor = Monitors.Explicit();
        for (var i = 0; i < LiveTasks; i++)
        {
            _tasks.Add(_monitor.Run("worker-" + i, ct => _gate.Task.WaitAsync(ct)));
        }

        Check(LiveTasks);
    }

    [GlobalSetup(Target = nameof(PsDiscovered))]
    public void SetupDiscovered()
    {
        _monitor = Monitors.Discovery(Hosting.CreationStackMode.PerSite, accounting: true);
        for (var i = 0; i < LiveTasks; i++)
        {
            _tasks.Add(Work.AwaitForeverAsync(_gate.Task));
        }

        Check(LiveTasks * 9 / 10);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gate.TrySetResult();
        Task.WaitAll([.. _tasks]);
        _monitor?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ps, 100k explicit tasks")]
    public int PsExplicit() => Ps(new TaskQuery());

    [Benchmark(Description = "ps, 100k explicit, filter + sort by busy")]
    public int PsExplicitByBusyFiltered() => Ps(new TaskQuery { Filter = "worker-9", Sort = TaskSortKey.Busy, Descending = true });

    [Benchmark(Description = "ps, 100k discovered tasks")]
    public int PsDiscovered() => Ps(new TaskQuery());

    private int Ps(TaskQuery query)
    {
        var page = _monitor!.GetTasks(query);
        var counts = _monitor.GetCounts();
        return page.Items.Count + page.TotalMatching + counts.Live;
    }

    private void Check(int atLeast)
    {
        // Discovered records can appear after the tasks start: give them a moment.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_monitor!.GetCounts().Live < atLeast && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        var live = _monitor.GetCounts().Live;
        if (live < atLeast)
        {
            throw new InvalidOperationException($"only {live} live tasks tracked, expected at least {atLeast}");
        }
    }
}
