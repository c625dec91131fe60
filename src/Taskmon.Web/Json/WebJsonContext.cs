using System.Text.Json.Serialization;
using Taskmon.Inspection;
using Taskmon.Web.Api;

namespace Taskmon.Web.Json;

/// <summary>
/// Source-generated serialization (no reflection, AOT-safe) of the monitor's own result records,
/// plus the few envelopes only the web API has. Names are camelCase, enums camelCase strings,
/// durations milliseconds, times ISO 8601.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters =
    [
        typeof(MillisecondsConverter),
        typeof(CamelCaseEnumConverter<TaskState>),
        typeof(CamelCaseEnumConverter<TaskOrigin>),
        typeof(CamelCaseEnumConverter<TaskOutcome>),
        typeof(CamelCaseEnumConverter<CancelOutcome>),
        typeof(CamelCaseEnumConverter<CancellationKind>),
        typeof(CamelCaseEnumConverter<Taskmon.Hosting.CreationStackMode>),
    ])]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(Summary))]
[JsonSerializable(typeof(CancelAnswer))]
[JsonSerializable(typeof(TaskCounts))]
[JsonSerializable(typeof(TaskListPage))]
[JsonSerializable(typeof(TerminatedPage))]
[JsonSerializable(typeof(LiveTaskTrace))]
[JsonSerializable(typeof(TerminationTrace))]
[JsonSerializable(typeof(ThreadPoolState))]
[JsonSerializable(typeof(TrackingStatus))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
