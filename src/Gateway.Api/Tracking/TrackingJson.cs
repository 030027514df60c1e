using System.Globalization;
using System.Text.Json;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>Lenient reads of tracking payloads: SDKs send ids as strings or numbers, times as ISO-8601 text.</summary>
public static class TrackingJson
{
    public static JsonElement Get(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? value : default;

    /// <summary>A string member (a number as its text), or null.</summary>
    public static string? Text(JsonElement obj, string name)
    {
        var value = Get(obj, name);
        try
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: no text to read.
            return null;
        }
    }

    /// <summary>A time member in ISO-8601 (or Unix milliseconds), or null when absent or unreadable.</summary>
    public static DateTimeOffset? Time(JsonElement obj, string name)
    {
        var value = Get(obj, name);
        // ISO 8601 straight from the UTF-8 bytes first (what every SDK sends); other text the slow way.
        if (value.ValueKind == JsonValueKind.String
            && (value.TryGetDateTimeOffset(out var parsed)
                || DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed)))
        {
            return parsed;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms) && ms is > 0 and < 32503680000000
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }

    /// <summary>The first of the objects holding <paramref name="name"/> as text (an item's context before its batch's).</summary>
    public static string? TextIn(string name, JsonElement first, JsonElement second) => Text(first, name) ?? Text(second, name);

    public static JsonElement GetIn(string name, JsonElement first, JsonElement second)
    {
        var value = Get(first, name);
        return value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? Get(second, name) : value;
    }
}
