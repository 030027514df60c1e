using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Users;

public sealed record UserListItemResponse(
    Guid Id, string? Email, string Name, UserStatus Status, string Role,
    DateTimeOffset CreatedAt, DateTimeOffset JoinedAt, DateTimeOffset? LastLoginAt)
{
    public static UserListItemResponse From(UserListItem u) =>
        new(u.Id, u.Email, u.Name, u.Status, u.Role, u.CreatedAt, u.JoinedAt, u.LastLoginAt);
}
