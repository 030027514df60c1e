using System.Text.Json;
using System.Text.Json.Serialization;
using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Gateway.Errors;

/// <summary>
/// Every string of a request body is text PostgreSQL can store: no NUL or other control characters
/// (tab and line breaks allowed) and no unpaired surrogates, else 400 naming the field (the exception
/// handler reads the JSON path). Fields with stricter rules (one line, lengths) check those themselves.
/// </summary>
public sealed class PlainTextJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text;
        try
        {
            text = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped unpaired surrogate cannot be read as UTF-16 at all.
            throw new JsonException(PlainText.ControlMessage);
        }

        return text is null || PlainText.IsValid(text, multiLine: true) ? text : throw new JsonException(PlainText.ControlMessage);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
