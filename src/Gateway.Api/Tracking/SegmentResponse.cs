using System.Text.Json.Serialization;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>The answer of the Segment routes, in Segment's shape (<c>{"success": true}</c>), with a code and message when refused.</summary>
public sealed record SegmentResponse(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null);
