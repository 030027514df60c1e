namespace Lyss.UserGrains.Gateway.Alerts;

/// <summary>A security alert; <c>evidence</c> is the rule's own object (addresses, counts, thresholds).</summary>
public sealed record AlertResponse(Guid Id, Guid UserId, string Type, string Severity, System.Text.Json.JsonElement Evidence, DateTimeOffset CreatedAt);
