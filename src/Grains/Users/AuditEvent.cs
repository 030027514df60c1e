namespace Lyss.UserGrains.Grains.Users;

/// <summary>One row for <c>user_events</c>.</summary>
public sealed record AuditEvent(
    string EventType,
    Guid? TenantId,
    string? Actor,
    IReadOnlyDictionary<string, object?> Data,
    string? IpAddress,
    string? UserAgent);
