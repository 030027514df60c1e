using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Tenants;

public sealed record MemberResponse(Guid UserId, string? Email, string Name, string Role, UserStatus Status, DateTimeOffset JoinedAt, string? InvitedBy);
