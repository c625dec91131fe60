namespace Taskmon.Inspection;

/// <summary>Who or what requested a task's cancellation.</summary>
public enum CancellationKind
{
    /// <summary>The task ended cancelled but no cancellation of its token was observed (it threw <see cref="OperationCanceledException"/> for another reason).</summary>
    Unknown = 0,

    /// <summary>Code running inside a monitored task cancelled it; see <see cref="CancellationInfo.CancellerTaskId"/>.</summary>
    Task = 1,

    /// <summary>Code outside any monitored task cancelled it; see the canceller stack.</summary>
    Code = 2,

    /// <summary>A timer fired: <c>CancelAfter</c> or a timeout-created token source.</summary>
    Timeout = 3,

    /// <summary><c>CancellationTokenSource.CancelAsync</c> was used: callbacks ran on the thread pool, so the canceller is not known.</summary>
    CancelAsync = 4,

    /// <summary>An operator cancelled it through the monitor (terminal, web UI or API).</summary>
    Operator = 5,
}
