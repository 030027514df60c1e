namespace Lyss.UserGrains.Gateway.Reports;

/// <summary>One row of an activity export; the CSV has the same columns in this order.</summary>
public sealed record ExportedActivityRow(
    Guid Id, Guid UserId, string ActivityType, string? ResourceType, string? ResourceId, System.Text.Json.JsonElement? Details,
    string? IpAddress, string? UserAgent, string? SessionId, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt);
