using System.Diagnostics.Metrics;
using Taskmon.Inspection;

namespace Taskmon.Diagnostics;

/// <summary>The <c>Taskmon</c> meter: what dotnet-counters and OpenTelemetry collectors see with no extra code.</summary>
internal sealed class TaskmonMetrics : IDisposable
{
    public const string MeterName = "Taskmon";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _created;
    private readonly Counter<long> _terminated;
    private readonly Counter<long> _cancellations;

    private readonly SelfLog _selfLog;

    /// <summary>
    /// Creates the instruments on a meter from <paramref name="meterFactory"/> (a host's <see cref="IMeterFactory"/>: the
    /// meter belongs to that container, tests can observe it alone) or, without one, on a meter of its own.
    /// </summary>
    public TaskmonMetrics(Func<int> liveTasks, Func<int> blockingTasks, SelfLog selfLog, IMeterFactory? meterFactory = null)
    {
        _selfLog = selfLog;
        var version = typeof(TaskmonMetrics).Assembly.GetName().Version?.ToString();
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName) { Version = version }) ?? new Meter(MeterName, version);
        _created = _meter.CreateCounter<long>("taskmon.tasks.created", "{task}", "Tasks tracked since start");
        _terminated = _meter.CreateCounter<long>("taskmon.tasks.terminated", "{task}", "Tasks terminated, by outcome");
        _cancellations = _meter.CreateCounter<long>("taskmon.cancellations", "{request}", "Cancellations observed on explicit tasks, by kind");
        _meter.CreateObservableGauge("taskmon.tasks.live", liveTasks, "{task}", "Live tracked tasks");
        _meter.CreateObservableGauge("taskmon.tasks.blocking", blockingTasks, "{task}", "Tasks running longer than the blocking threshold");
    }

    // A measurement listener belongs to the app and may throw: never let that reach the hot path's caller.
    public void Created()
    {
        if (_created.Enabled)
        {
            try
            {
                _created.Add(1);
            }
            catch (Exception ex)
            {
                _selfLog.Fault("metrics listener", ex);
            }
        }
    }

    public void Terminated(TaskOutcome outcome)
    {
        if (_terminated.Enabled)
        {
            try
            {
                _terminated.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeTag(outcome)));
            }
            catch (Exception ex)
            {
                _selfLog.Fault("metrics listener", ex);
            }
        }
    }

    public void Cancellation(CancellationKind kind)
    {
        if (_cancellations.Enabled)
        {
            try
            {
                _cancellations.Add(1, new KeyValuePair<string, object?>("kind", KindTag(kind)));
            }
            catch (Exception ex)
            {
                _selfLog.Fault("metrics listener", ex);
            }
        }
    }

    private static string KindTag(CancellationKind kind) => kind switch
    {
        CancellationKind.Task => "task",
        CancellationKind.Code => "code",
        CancellationKind.Timeout => "timeout",
        CancellationKind.CancelAsync => "cancel_async",
        CancellationKind.Operator => "operator",
        _ => "unknown",
    };

    /// <summary>Disposes a meter of its own; a factory's meter is the factory's to dispose (with its container).</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static string OutcomeTag(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.Completed => "completed",
        TaskOutcome.Cancelled => "cancelled",
        TaskOutcome.Faulted => "faulted",
        _ => "lost",
    };
}
