using Microsoft.Extensions.Logging;

namespace Taskmon.Diagnostics;

/// <summary>The monitor's log events (source-generated, allocation-free when disabled).</summary>
internal static partial class TaskmonLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Taskmon contained a fault in {Where}")]
    public static partial void MonitorFault(ILogger logger, string where, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Taskmon: {Text}")]
    public static partial void Message(ILogger logger, string text);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Persistent task {Name} (id {Id}, trace {TraceId}) faulted: {Summary}")]
    public static partial void PersistentFaulted(ILogger logger, string name, long id, string traceId, string summary, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Persistent task {Name} (id {Id}, trace {TraceId}) was cancelled by {Canceller}")]
    public static partial void PersistentCancelled(ILogger logger, string name, long id, string traceId, string canceller);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Task {Method} (trace {TraceId}) was lost: collected while {Stuck}")]
    public static partial void TaskLost(ILogger logger, string method, string traceId, string stuck);
}
