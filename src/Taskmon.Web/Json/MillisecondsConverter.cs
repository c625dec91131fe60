using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskmon.Web.Json;

/// <summary>Durations travel as milliseconds (a JSON number, 0.1 ms resolution): easy to sort and format in a browser.</summary>
internal sealed class MillisecondsConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSpan.FromMilliseconds(reader.GetDouble());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Math.Round(value.TotalMilliseconds, 1));
}
