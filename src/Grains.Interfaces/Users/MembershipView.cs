namespace Lyss.UserGrains.Users;

[GenerateSerializer, Immutable, Alias("lyss.users.MembershipView")]
public sealed record MembershipView(
    [property: Id(0)] Guid TenantId,
    [property: Id(1)] string Role,
    [property: Id(2)] DateTimeOffset JoinedAt,
    [property: Id(3)] string? InvitedBy)
{
    /// <summary>Permissions granted to this member on top of the role.</summary>
    [Id(4)] public IReadOnlyList<string> Grants { get; init; } = [];

    [Id(5)] public MembershipStatus Status { get; init; }

    [Id(6)] public DateTimeOffset? LockedUntil { get; init; }

    [Id(7)] public string? LockReason { get; init; }

    /// <summary>The engagement score measured within this tenant (each tenant sees its own).</summary>
    [Id(8)] public decimal? EngagementScore { get; init; }

    /// <summary>The tenant's own id for this member, unique in the tenant.</summary>
    [Id(9)] public string? ExternalId { get; init; }

    /// <summary>The SCIM userName when it is not the email.</summary>
    [Id(10)] public string? ScimUserName { get; init; }
}
