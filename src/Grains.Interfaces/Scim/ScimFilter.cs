using System.Text.Json;

namespace Lyss.UserGrains.Scim;

/// <summary>A parsed SCIM filter (RFC 7644 §3.4.2.2); <see cref="ScimFilterParser"/> makes them.</summary>
public abstract record ScimFilter
{
    /// <summary><c>attr op value</c>: op one of eq ne co sw ew gt ge lt le (lower-case); value a JSON string, number, true, false or null.</summary>
    public sealed record Compare(ScimAttributePath Path, string Operator, JsonElement Value) : ScimFilter
    {
        public override string ToString() => $"{Path} {Operator} {Value.GetRawText()}";
    }

    /// <summary><c>attr pr</c>: has a value.</summary>
    public sealed record Present(ScimAttributePath Path) : ScimFilter
    {
        public override string ToString() => $"{Path} pr";
    }

    public sealed record And(ScimFilter Left, ScimFilter Right) : ScimFilter
    {
        public override string ToString() => $"({Left} and {Right})";
    }

    public sealed record Or(ScimFilter Left, ScimFilter Right) : ScimFilter
    {
        public override string ToString() => $"({Left} or {Right})";
    }

    public sealed record Not(ScimFilter Inner) : ScimFilter
    {
        public override string ToString() => $"not ({Inner})";
    }

    /// <summary><c>attr[filter]</c>: some value of a multi-valued attribute matches the inner filter (its paths are sub-attributes).</summary>
    public sealed record ValuePath(ScimAttributePath Path, ScimFilter Inner) : ScimFilter
    {
        public override string ToString() => $"{Path}[{Inner}]";
    }
}
