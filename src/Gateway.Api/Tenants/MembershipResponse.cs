using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Tenants;

public sealed record MembershipResponse(Guid UserId, Guid TenantId, string Role, IReadOnlyList<string> Grants, DateTimeOffset JoinedAt)
{
    public MembershipStatus MembershipStatus { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    public string? LockReason { get; init; }

    public string? ExternalId { get; init; }

    public static MembershipResponse From(Guid userId, Guid tenantId, MembershipView m) =>
        new(userId, tenantId, m.Role, m.Grants, m.JoinedAt) { MembershipStatus = m.Status, LockedUntil = m.LockedUntil, LockReason = m.LockReason, ExternalId = m.ExternalId };
}
