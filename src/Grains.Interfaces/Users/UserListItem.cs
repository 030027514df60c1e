namespace Lyss.UserGrains.Users;

/// <summary>A user as a tenant's lists show it (a <c>tenant_members</c> row).</summary>
[GenerateSerializer, Immutable, Alias("lyss.users.UserListItem")]
public sealed record UserListItem(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string? Email,
    [property: Id(2)] string Name,
    [property: Id(3)] UserStatus Status,
    [property: Id(4)] string Role,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset JoinedAt,
    [property: Id(7)] DateTimeOffset? LastLoginAt,
    [property: Id(8)] string? InvitedBy);
