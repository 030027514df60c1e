using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// An activity's details from a tracking event: the event's own object (properties, traits) copied
/// member by member, minus the keys the protocol uses for itself, plus a few named fields (event
/// name, geo) that the object does not already hold. Written once, without an intermediate tree,
/// into a buffer each thread reuses (events are mapped one at a time on a thread).
/// </summary>
public sealed class DetailsJson
{
    [ThreadStatic]
    private static DetailsJson? _cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private JsonElement _source;
    private Func<string, bool>? _skip;
    private int _members;

    private DetailsJson() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>An empty object to write; <see cref="Build"/> ends it.</summary>
    public static DetailsJson Start()
    {
        var details = _cached ?? new DetailsJson();
        _cached = null;
        details._buffer.ResetWrittenCount();
        details._writer.Reset(details._buffer);
        details._source = default;
        details._skip = null;
        details._members = 0;
        details._writer.WriteStartObject();
        return details;
    }

    /// <summary>Every member of <paramref name="source"/> (when an object) but the <paramref name="skip"/>ped ones.</summary>
    public DetailsJson CopyFrom(JsonElement source, Func<string, bool>? skip = null)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            return this;
        }

        (_source, _skip) = (source, skip);
        foreach (var member in source.EnumerateObject())
        {
            if (skip?.Invoke(member.Name) == true)
            {
                continue;
            }

            member.WriteTo(_writer);
            _members++;
        }

        return this;
    }

    public DetailsJson Add(string name, JsonElement value)
    {
        if (value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null) && !Copied(name))
        {
            _writer.WritePropertyName(name);
            value.WriteTo(_writer);
            _members++;
        }

        return this;
    }

    public DetailsJson Add(string name, string? value)
    {
        if (value is not null && !Copied(name))
        {
            _writer.WriteString(name, value);
            _members++;
        }

        return this;
    }

    /// <summary>
    /// <c>geo</c> in the shape the risk rules read (<c>lat</c>, <c>lon</c>, <c>country</c>, <c>city</c>)
    /// from a Segment <c>context.location</c> (latitude, longitude, country, city).
    /// </summary>
    public DetailsJson AddGeo(JsonElement location)
    {
        if (location.ValueKind != JsonValueKind.Object || Copied("geo"))
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
        _members++;
        return this;
    }

    /// <summary>The object's text, or null when it stayed empty; the buffer goes back to the thread.</summary>
    public string? Build()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        var text = _members == 0 ? null : Encoding.UTF8.GetString(_buffer.WrittenSpan);
        if (_buffer.Capacity <= 64 * 1024)
        {
            _cached = this;
        }

        return text;
    }

    // The client's own key wins over one we would add.
    private bool Copied(string name) => _source.ValueKind == JsonValueKind.Object && _source.TryGetProperty(name, out _) && _skip?.Invoke(name) != true;
}
