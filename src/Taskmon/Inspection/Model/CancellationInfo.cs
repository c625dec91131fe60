namespace Taskmon.Inspection;

/// <summary>Who cancelled a task, captured synchronously on the cancelling thread.</summary>
public sealed record CancellationInfo
{
    /// <summary>What kind of canceller it was.</summary>
    public required CancellationKind Kind { get; init; }

    /// <summary>When the cancellation was requested (UTC).</summary>
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>The monitored task that requested it, when <see cref="Kind"/> is <see cref="CancellationKind.Task"/>.</summary>
    public long? CancellerTaskId { get; init; }

    /// <summary>The name of that task.</summary>
    public string? CancellerTaskName { get; init; }

    /// <summary>The cancelling thread's stack (empty for <see cref="CancellationKind.CancelAsync"/>).</summary>
    public required IReadOnlyList<StackFrameInfo> Stack { get; init; }
}
