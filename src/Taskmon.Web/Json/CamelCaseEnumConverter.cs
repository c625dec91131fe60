using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskmon.Web.Json;

/// <summary>Enums travel as camelCase names ("cancelled", "timedOut"), never as numbers.</summary>
internal sealed class CamelCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public CamelCaseEnumConverter() : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false) { }
}
