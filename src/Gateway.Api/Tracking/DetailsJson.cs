using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// An activity's details from a tracking event: the event's own object (properties, traits) copied
/// member by member, minus the keys the protocol uses for itself, plus a few named fields (event
/// name, geo) that the object does not already hold. Written once, without an intermediate tree.
/// </summary>
public sealed class DetailsJson
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _writer;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    public DetailsJson()
    {
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartObject();
    }

    /// <summary>Every member of <paramref name="source"/> (when an object) but the <paramref name="skip"/>ped ones.</summary>
    public DetailsJson CopyFrom(JsonElement source, Func<string, bool>? skip = null)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            return this;
        }

        foreach (var member in source.EnumerateObject())
        {
            if (skip?.Invoke(member.Name) == true || !_written.Add(member.Name))
            {
                continue;
            }

            member.WriteTo(_writer);
        }

        return this;
    }

    public DetailsJson Add(string name, JsonElement value)
    {
        if (value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null) && _written.Add(name))
        {
            _writer.WritePropertyName(name);
            value.WriteTo(_writer);
        }

        return this;
    }

    public DetailsJson Add(string name, string? value)
    {
        if (value is not null && _written.Add(name))
        {
            _writer.WriteString(name, value);
        }

        return this;
    }

    /// <summary>
    /// <c>geo</c> in the shape the risk rules read (<c>lat</c>, <c>lon</c>, <c>country</c>, <c>city</c>)
    /// from a Segment <c>context.location</c> (latitude, longitude, country, city).
    /// </summary>
    public DetailsJson AddGeo(JsonElement location)
    {
        if (location.ValueKind != JsonValueKind.Object || !_written.Add("geo"))
        {
            return this;
        }

        _writer.WriteStartObject("geo");
        if (location.TryGetProperty("latitude", out var lat) && lat.ValueKind == JsonValueKind.Number)
        {
            _writer.WritePropertyName("lat");
            lat.WriteTo(_writer);
        }

        if (location.TryGetProperty("longitude", out var lon) && lon.ValueKind == JsonValueKind.Number)
        {
            _writer.WritePropertyName("lon");
            lon.WriteTo(_writer);
        }

        foreach (var name in (ReadOnlySpan<string>)["country", "region", "city"])
        {
            if (location.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                _writer.WritePropertyName(name);
                value.WriteTo(_writer);
            }
        }

        _writer.WriteEndObject();
        return this;
    }

    /// <summary>The object's text, or null when it stayed empty.</summary>
    public string? Build()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return _written.Count == 0 ? null : Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
