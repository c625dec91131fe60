using System.Text.Json.Serialization;
using Taskmon.Inspection;
using Taskmon.Web.Api;

namespace Taskmon.Web.Json;

/// <summary>
/// Source-generated serialization (no reflection, AOT-safe) of the monitor's own result records,
/// plus the few envelopes only the web API has. The options are those of the terminal commands'
/// JSON (<c>taskmon --json</c>): camelCase names, enums as their names, nulls left out, durations
/// as TimeSpan strings, so a record reads the same from either front end.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
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
