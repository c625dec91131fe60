using System.Globalization;
using Microsoft.Diagnostics.Runtime;
using Taskmon.Inspection;

namespace Taskmon.Attach;

/// <summary>What a pending task that is not an async method is, decided once per type.</summary>
internal enum TaskKind
{
    Other,
    Delay,
    Semaphore,
    WhenAll,
    WhenAny,
    Unwrap,
    ContinueWith,

    /// <summary>A plain <c>Task</c>/<c>Task&lt;T&gt;</c>: <c>Task.Run</c> when it has a delegate, else a promise.</summary>
    PlainTask,
}

/// <summary>Names what a pending task that is not an async method is, the way the code that made it reads.</summary>
internal static class TaskNames
{
    public static TaskKind KindOf(ClrType type)
    {
        var name = type.Name ?? "?";
        return name switch
        {
            _ when name.StartsWith("System.Threading.Tasks.Task+DelayPromise", StringComparison.Ordinal) => TaskKind.Delay,
            _ when name.StartsWith("System.Threading.SemaphoreSlim+TaskNode", StringComparison.Ordinal) => TaskKind.Semaphore,
            _ when name.Contains("WhenAllPromise", StringComparison.Ordinal) => TaskKind.WhenAll,
            _ when name.Contains("WhenAnyPromise", StringComparison.Ordinal) => TaskKind.WhenAny,
            _ when name.Contains("UnwrapPromise", StringComparison.Ordinal) => TaskKind.Unwrap,
            _ when name.Contains("ContinuationTaskFrom", StringComparison.Ordinal) || name.Contains("ContinuationResultTaskFrom", StringComparison.Ordinal) => TaskKind.ContinueWith,
            _ when name == "System.Threading.Tasks.Task" || name.StartsWith("System.Threading.Tasks.Task<", StringComparison.Ordinal) => TaskKind.PlainTask,
            _ => TaskKind.Other,
        };
    }

    /// <summary>The name of every task of this kind and type, or null when it depends on the object (a delay's due time, a delegate).</summary>
    public static string? FixedName(TaskKind kind, ClrType type) => kind switch
    {
        TaskKind.Semaphore => "SemaphoreSlim.WaitAsync",
        TaskKind.WhenAll => "Task.WhenAll",
        TaskKind.WhenAny => "Task.WhenAny",
        TaskKind.Unwrap => "Task.Unwrap",
        TaskKind.Other => TerminalText.Clean(NameDemangler.OfMethod(type.Name ?? "?", string.Empty).TrimEnd('.')),
        _ => null,
    };

    /// <summary>Names one task of <paramref name="role"/>'s type (already clean for the terminal).</summary>
    public static string Describe(ClrObject task, TypeRole role) => role.FixedName ?? role.TaskKind switch
    {
        TaskKind.Delay => $"Task.Delay({DelayDue(task)})",
        TaskKind.ContinueWith => TerminalText.Clean($"ContinueWith({DelegateMethod(task) ?? "?"})"),
        _ => DelegateMethod(task) is { } method ? TerminalText.Clean($"Task.Run({method})") : "TaskCompletionSource (never completed)",
    };

    /// <summary>Names a value task source that an async method awaits (a channel operation and the like).</summary>
    public static string DescribeSource(ClrType type)
    {
        var name = type.Name ?? "?";
        if (name.StartsWith("System.Threading.Channels.", StringComparison.Ordinal))
        {
            return name.Contains("VoidAsyncOperationWithData", StringComparison.Ordinal) ? "Channel.WriteAsync" : "Channel.ReadAsync";
        }
        return NameDemangler.OfMethod(name, string.Empty).TrimEnd('.');
    }

    /// <summary>What an awaiter type says when no awaited object is left (<c>Task.Yield</c>).</summary>
    public static string? DescribeAwaiter(string? awaiterType) =>
        awaiterType is not null && awaiterType.Contains("YieldAwait", StringComparison.Ordinal) ? "Task.Yield" : null;

    private static string DelayDue(ClrObject delay)
    {
        if (!delay.TryReadObjectField("_timer", out var timer))
        {
            return "?";
        }
        // An infinite delay (Timeout.Infinite, e.g. waiting for cancellation) has no timer at all.
        if (timer.IsNull)
        {
            return "infinite";
        }
        return timer.TryReadField<uint>("_dueTime", out var due)
            ? due == uint.MaxValue ? "infinite" : TimeSpan.FromMilliseconds(due).ToString("c", CultureInfo.InvariantCulture)
            : "?";
    }

    private static string? DelegateMethod(ClrObject task)
    {
        if (!task.TryReadObjectField("m_action", out var action) || action.IsNull || !action.IsDelegate)
        {
            return null;
        }
        var method = action.AsDelegate().GetDelegateTarget()?.Method;
        return method is null ? null : NameDemangler.OfMethod(method.Type?.Name, method.Name ?? "?");
    }
}
