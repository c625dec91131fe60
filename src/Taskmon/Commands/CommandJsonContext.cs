using System.Text.Json.Serialization;

namespace Taskmon.Commands;

/// <summary>
/// Source-generated JSON for command results (AOT-safe): camelCase names, enums as strings,
/// nulls left out, a <c>kind</c> discriminator. The schema of <c>taskmon --json</c>. The web API has
/// its own context (<c>WebJsonContext</c> in Taskmon.Web) with the same options, so a core record reads
/// the same from either front end; <c>JsonAgreementTests</c> in the web tests holds the two together.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CommandResult))]
internal sealed partial class CommandJsonContext : JsonSerializerContext;
