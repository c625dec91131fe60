using System.Text.Json.Serialization;

namespace Taskmon.Commands;

/// <summary>
/// What a terminal command returns: data, never text. The terminal renders it as text and
/// <c>taskmon --json</c> serializes it with <see cref="CommandJsonContext"/>; <c>kind</c> names the type.
/// The web API does not use these envelopes: it serializes the same core records (<c>LiveTask</c>,
/// <c>TerminatedTask</c>, traces, status) directly, with the same JSON options.
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
internal abstract record CommandResult
{
    /// <summary>True when the command did what was asked (exit status 0).</summary>
    public virtual bool Success => true;
}
