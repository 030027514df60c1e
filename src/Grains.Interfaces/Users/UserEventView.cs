namespace Lyss.UserGrains.Users;

/// <summary>One audit event (<c>user_events</c>).</summary>
[GenerateSerializer, Immutable, Alias("lyss.users.UserEventView")]
public sealed record UserEventView(
    [property: Id(0)] long Id,
    [property: Id(1)] string EventType,
    [property: Id(2)] Guid? TenantId,
    [property: Id(3)] string? Actor,
    [property: Id(4)] string Data,
    [property: Id(5)] string? IpAddress,
    [property: Id(6)] string? UserAgent,
    [property: Id(7)] DateTimeOffset CreatedAt);
