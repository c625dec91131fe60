using System.Text.Json.Serialization;
using Taskmon.Commands;
using Taskmon.Inspection;

namespace Taskmon.Json;

/// <summary>
/// The one JSON schema of Taskmon, declared once: camelCase names, enums as their names, nulls left out,
/// durations as TimeSpan text. Source-generated (no reflection, Native AOT safe). The web API serializes
/// the core records and its few envelopes through it; <c>taskmon --json</c> (the terminal's one-shot
/// protocol) serializes the command results, which wrap the same records, through it. docs/json.md
/// documents the shapes; <c>JsonSchemaTests</c> pins them against real output of both front ends.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CommandResult))]
[JsonSerializable(typeof(TaskListPage))]
[JsonSerializable(typeof(TerminatedPage))]
[JsonSerializable(typeof(LiveTaskTrace))]
[JsonSerializable(typeof(TerminationTrace))]
[JsonSerializable(typeof(TaskCounts))]
[JsonSerializable(typeof(ThreadPoolState))]
[JsonSerializable(typeof(TrackingStatus))]
[JsonSerializable(typeof(Summary))]
[JsonSerializable(typeof(CancelAnswer))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(Streaming.WatchFrame))]
internal sealed partial class TaskmonJsonContext : JsonSerializerContext;
