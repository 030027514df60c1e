using System.Text.Json;
using Lyss.UserGrains.Grains.Users;

namespace Lyss.UserGrains.Grains.Risk;

/// <summary>One login activity as the risk rules read it.</summary>
public sealed record LoginAttempt(DateTimeOffset OccurredAt, string? IpAddress, string? UserAgent, bool Succeeded, GeoFix? Geo)
{
    /// <summary>Reads <c>details.success</c> (absent: a success) and <c>details.geo</c> in one parse.</summary>
    public static LoginAttempt From(DateTimeOffset occurredAt, string? ipAddress, string? userAgent, string? details)
    {
        if (details is null)
        {
            return new LoginAttempt(occurredAt, ipAddress, userAgent, true, null);
        }

        using var document = JsonDocument.Parse(details);
        var root = document.RootElement;
        var succeeded = !(root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False);
        var geo = root.TryGetProperty("geo", out var g) && g.ValueKind == JsonValueKind.Object
            && g.TryGetProperty("lat", out var lat) && lat.ValueKind == JsonValueKind.Number && lat.TryGetDouble(out var la) && la is >= -90 and <= 90
            && g.TryGetProperty("lon", out var lon) && lon.ValueKind == JsonValueKind.Number && lon.TryGetDouble(out var lo) && lo is >= -180 and <= 180
            ? new GeoFix { Lat = la, Lon = lo, At = occurredAt, Country = g.TryGetProperty("country", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null }
            : null;
        return new LoginAttempt(occurredAt, ipAddress, userAgent, succeeded, geo);
    }
}
