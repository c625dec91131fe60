using System.Globalization;
using Microsoft.Diagnostics.Runtime;
using Taskmon.Inspection;

namespace Taskmon.Attach;

/// <summary>Names what a pending task that is not an async method is, the way the code that made it reads.</summary>
internal static class TaskNames
{
    public static string Describe(ClrObject task)
    {
        var name = task.Type?.Name ?? "?";
        if (name.StartsWith("System.Threading.Tasks.Task+DelayPromise", StringComparison.Ordinal))
        {
            return $"Task.Delay({DelayDue(task)})";
        }
        if (name.StartsWith("System.Threading.SemaphoreSlim+TaskNode", StringComparison.Ordinal))
        {
            return "SemaphoreSlim.WaitAsync";
        }
        if (name.Contains("WhenAllPromise", StringComparison.Ordinal))
        {
            return "Task.WhenAll";
        }
        if (name.Contains("WhenAnyPromise", StringComparison.Ordinal))
        {
            return "Task.WhenAny";
        }
        if (name.Contains("UnwrapPromise", StringComparison.Ordinal))
        {
            return "Task.Unwrap";
        }
        if (name.Contains("ContinuationTaskFrom", StringComparison.Ordinal) || name.Contains("ContinuationResultTaskFrom", StringComparison.Ordinal))
        {
            return $"ContinueWith({DelegateMethod(task) ?? "?"})";
        }
        if (name == "System.Threading.Tasks.Task" || name.StartsWith("System.Threading.Tasks.Task<", StringComparison.Ordinal))
        {
            return DelegateMethod(task) is { } method ? $"Task.Run({method})" : "TaskCompletionSource (never completed)";
        }
        return NameDemangler.OfMethod(name, string.Empty).TrimEnd('.');
    }

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
