using System.Text.Json.Serialization;

namespace Taskmon.Commands;

/// <summary>
/// Source-generated JSON for command results (AOT-safe): camelCase names, enums as strings,
/// a <c>kind</c> discriminator. The schema of <c>taskmon --json</c> and of the web UI's API.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CommandResult))]
internal sealed partial class CommandJsonContext : JsonSerializerContext;
