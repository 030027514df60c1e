namespace Lyss.UserGrains.Users;

/// <summary>A user as callers see it. Memberships list every tenant; the gateway shows only the caller's.</summary>
[GenerateSerializer, Immutable, Alias("lyss.users.UserView")]
public sealed record UserView
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public string? Email { get; init; }
    [Id(2)] public required string Name { get; init; }
    [Id(3)] public required UserStatus Status { get; init; }
    [Id(4)] public required Guid HomeTenantId { get; init; }
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? UpdatedAt { get; init; }
    [Id(7)] public string? Phone { get; init; }
    [Id(8)] public string? AvatarUrl { get; init; }
    [Id(9)] public string? Bio { get; init; }
    [Id(10)] public bool EmailVerified { get; init; }
    [Id(11)] public bool PhoneVerified { get; init; }
    [Id(12)] public DateTimeOffset? LastLoginAt { get; init; }
    [Id(13)] public string? CreatedBy { get; init; }
    [Id(14)] public DateTimeOffset? ActivatedAt { get; init; }
    [Id(15)] public string? ActivatedBy { get; init; }
    [Id(16)] public DateTimeOffset? DeactivatedAt { get; init; }
    [Id(17)] public string? DeactivatedBy { get; init; }
    [Id(18)] public string? DeactivationReason { get; init; }
    [Id(19)] public DateTimeOffset? InactiveUntil { get; init; }
    [Id(20)] public DateTimeOffset? LockedUntil { get; init; }
    [Id(21)] public DateTimeOffset? DeletedAt { get; init; }
    [Id(22)] public IReadOnlyList<MembershipView> Memberships { get; init; } = [];

    /// <summary>Invitations this user sent that were accepted (the reward counter).</summary>
    [Id(23)] public int InvitationsAccepted { get; init; }

    /// <summary><c>privacy.show_presence</c>: false hides presence from everyone but the user.</summary>
    [Id(24)] public bool ShowPresence { get; init; } = true;

    [Id(25)] public ProfileVisibility ProfileVisibility { get; init; }

    /// <summary><c>privacy.activity_tracking</c>: false stores only the user's audit-critical activities.</summary>
    [Id(26)] public bool ActivityTracking { get; init; } = true;

    /// <summary>Why the user is locked (shown to the home tenant only).</summary>
    [Id(27)] public string? LockReason { get; init; }
}
