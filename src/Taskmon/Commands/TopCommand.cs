using System.CommandLine;
using Taskmon.Terminal;

namespace Taskmon.Commands;

/// <summary>
/// <c>top</c>: the live task table with warnings. In a terminal that can redraw it takes the screen (the session runs
/// <c>TopScreen</c>); otherwise, or with <c>--batch</c>, it prints <c>-n</c> plain snapshots <c>-d</c> seconds apart,
/// each as it is taken where the session can show part of a result (<see cref="CommandContext.Stream"/>).
/// </summary>
internal sealed class TopCommand : IMonitorCommand
{
    public const int MaxIterations = 100;

    private readonly TaskMonitor _monitor;
    private readonly Option<double> _delay = new("--delay", "-d") { Description = "Seconds between refreshes (0.1-60)", DefaultValueFactory = _ => 1.0 };
    private readonly Option<bool> _batch = new("--batch", "-b") { Description = "Print plain snapshots instead of the full-screen view" };
    private readonly Option<int> _iterations = new("--iterations", "-n") { Description = $"Snapshots to print in batch mode (1-{MaxIterations})", DefaultValueFactory = _ => 1 };
    private readonly Option<bool> _persistent = new("--persistent", "-p") { Description = "Only persistent tasks" };
    private readonly Option<bool> _exit = new("--exit") { Description = "End the session when top quits (the taskmon client's top)" };

    public TopCommand(TaskMonitor monitor)
    {
        _monitor = monitor;
        Definition = new Command("top", "Live task table with busy time and warnings; keys: arrows select, Enter detail, < > sort, / filter, p persistent, space pause, q quit")
        {
            _delay, _batch, _iterations, _persistent, _exit,
        };
    }

    public Command Definition { get; }

    public async ValueTask<CommandResult> ExecuteAsync(ParseResult parse, CommandContext context, CancellationToken cancellationToken)
    {
        var seconds = parse.GetValue(_delay);
        var iterations = parse.GetValue(_iterations);
        if (!(seconds is >= 0.1 and <= 60))
        {
            return MessageResult.Error("--delay must be between 0.1 and 60 seconds");
        }

        if (iterations is < 1 or > MaxIterations)
        {
            return MessageResult.Error($"--iterations must be between 1 and {MaxIterations}");
        }

        var delay = TimeSpan.FromSeconds(seconds);
        var persistent = parse.GetValue(_persistent);
        if (context.FullScreen && !parse.GetValue(_batch))
        {
            return new TopScreenRequest(delay, parse.GetValue(_exit), persistent, _monitor);
        }

        using var watcher = _monitor.Watch(delay);
        var rows = new Dictionary<long, Streaming.WatchRow>();
        var ranked = new RankedRows();
        var snapshots = new List<TopSnapshot>();
        var streamed = 0;
        while (snapshots.Count + streamed < iterations)
        {
            var frame = await watcher.NextAsync(cancellationToken).ConfigureAwait(false);
            TopTable.Apply(rows, frame);
            ranked.Reset(rows.Values, filter: null, persistent, column: 6, descending: true);
            var shown = ranked.ToArray();
            var snapshot = new TopSnapshot(frame.Time, frame.Interval, frame.Counts, frame.ThreadPool, frame.Warnings, shown);
            if (context.Stream is { } stream)
            {
                // Each snapshot goes out as it is taken (a pipe reader sees the first before the second exists).
                await stream(new TopResult([snapshot]), cancellationToken).ConfigureAwait(false);
                streamed++;
            }
            else
            {
                snapshots.Add(snapshot);
            }
        }

        return new TopResult(snapshots);
    }
}
