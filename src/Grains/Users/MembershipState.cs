namespace Lyss.UserGrains.Grains.Users;

[GenerateSerializer, Alias("lyss.users.MembershipState")]
public sealed class MembershipState
{
    [Id(0)] public Guid TenantId { get; set; }
    [Id(1)] public string Role { get; set; } = "";
    [Id(2)] public DateTimeOffset JoinedAt { get; set; }
    [Id(3)] public string? InvitedBy { get; set; }
    [Id(4)] public List<string> Grants { get; set; } = [];

    /// <summary>A lock of this membership only (that tenant's admins or alert rules); lifted at this time.</summary>
    [Id(5)] public DateTimeOffset? LockedUntil { get; set; }

    [Id(6)] public string? LockReason { get; set; }

    /// <summary>Failed logins in this tenant since the last successful one (that tenant's failed_login_streak rule).</summary>
    [Id(7)] public int FailedLoginStreak { get; set; }

    /// <summary>The monthly engagement score measured within this tenant.</summary>
    [Id(8)] public decimal? EngagementScore { get; set; }

    /// <summary>The tenant's own id for this member (unique in the tenant; <see cref="Lyss.UserGrains.Users.ExternalIds"/>).</summary>
    [Id(9)] public string? ExternalId { get; set; }

    /// <summary>The userName an identity provider gave the member when it is not the email (SCIM); null: the email is the userName.</summary>
    [Id(10)] public string? ScimUserName { get; set; }

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;
}
