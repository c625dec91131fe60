using System.Text.Json.Serialization;

namespace Taskmon.Commands;

/// <summary>
/// What a terminal command returns: data, never text. The terminal renders it as text and
/// <c>taskmon --json</c> serializes it with <see cref="Json.TaskmonJsonContext"/>, the one JSON context the web
/// API serializes with too; <c>kind</c> names the type. The envelopes wrap the core records the web API returns
/// bare (<c>ps</c> has a <c>page</c> that is a <c>TaskListPage</c>, <c>where</c> a <c>trace</c> that is a
/// <c>LiveTaskTrace</c>, ...), so a record reads the same from either front end (docs/json.md).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(MessageResult), "message")]
[JsonDerivedType(typeof(HelpResult), "help")]
[JsonDerivedType(typeof(ExitResult), "exit")]
[JsonDerivedType(typeof(AppCommandResult), "app")]
[JsonDerivedType(typeof(ThreadPoolResult), "threadpool")]
[JsonDerivedType(typeof(StackTraceResult), "stacktrace")]
[JsonDerivedType(typeof(PsResult), "ps")]
[JsonDerivedType(typeof(WhereResult), "where")]
[JsonDerivedType(typeof(CancelTaskResult), "cancel")]
[JsonDerivedType(typeof(PsTerminatedResult), "ps-terminated")]
[JsonDerivedType(typeof(WhereTerminatedResult), "where-terminated")]
[JsonDerivedType(typeof(TrackingResult), "tracking")]
[JsonDerivedType(typeof(TopResult), "top")]
[JsonDerivedType(typeof(TopScreenRequest), "top-screen")]
internal abstract record CommandResult
{
    /// <summary>True when the command did what was asked (exit status 0).</summary>
    public virtual bool Success => true;
}
