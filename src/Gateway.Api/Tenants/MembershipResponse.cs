namespace Lyss.UserGrains.Gateway.Tenants;

public sealed record MembershipResponse(Guid UserId, Guid TenantId, string Role, IReadOnlyList<string> Grants, DateTimeOffset JoinedAt);
