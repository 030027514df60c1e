using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Users;

/// <summary>A user on the wire (snake_case by the gateway's JSON policy).</summary>
public sealed record UserResponse(
    Guid Id,
    string Email,
    string Name,
    UserStatus Status,
    Guid TenantId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public static UserResponse From(UserView user) =>
        new(user.Id, user.Email, user.Name, user.Status, user.HomeTenantId, user.CreatedAt, user.UpdatedAt);
}
