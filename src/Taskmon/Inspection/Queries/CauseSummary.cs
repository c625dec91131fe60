namespace Taskmon.Inspection;

/// <summary>Why a task ended, in one line: its exception (<c>Type: message</c>) or who cancelled it.</summary>
internal static class CauseSummary
{
    public static string Of(Exception exception)
    {
        var inner = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        return $"{inner.GetType().Name}: {inner.Message}";
    }

    public static string Of(CancellationInfo? canceller) => canceller switch
    {
        null => "an unobserved canceller",
        { Kind: CancellationKind.Task } => $"task {canceller.CancellerTaskId} ({canceller.CancellerTaskName})",
        { Kind: CancellationKind.Timeout } => "a timeout",
        { Kind: CancellationKind.CancelAsync } => "CancelAsync (canceller not known)",
        { Kind: CancellationKind.Operator } => "the operator",
        { Kind: CancellationKind.Code, Stack.Count: > 0 } => canceller.Stack[0].Method,
        _ => "code outside monitored tasks",
    };
}
