using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lyss.UserGrains.Gateway.Errors;

/// <summary>
/// A string as sent, unchecked here: for the fields of an activity, which the user grain checks per
/// item, so one bad item of a batch is a rejected item rather than a refused batch.
/// </summary>
public sealed class AsSentJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
