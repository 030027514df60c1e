using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Users;

/// <summary>
/// A user as one tenant sees it: identity, status and that tenant's own membership, never
/// another tenant's (docs/api.md).
/// </summary>
public sealed record UserResponse
{
    public required Guid Id { get; init; }
    public string? Email { get; init; }
    public required string Name { get; init; }
    public string? Phone { get; init; }
    public string? AvatarUrl { get; init; }
    public string? Bio { get; init; }
    public required UserStatus Status { get; init; }
    public required Guid TenantId { get; init; }
    public string? Role { get; init; }
    public DateTimeOffset? JoinedAt { get; init; }
    public bool EmailVerified { get; init; }
    public bool PhoneVerified { get; init; }
    public DateTimeOffset? LastLoginAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public DateTimeOffset? ActivatedAt { get; init; }
    public string? ActivatedBy { get; init; }
    public DateTimeOffset? DeactivatedAt { get; init; }
    public string? DeactivatedBy { get; init; }
    public string? DeactivationReason { get; init; }
    public DateTimeOffset? InactiveUntil { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public string? LockReason { get; init; }
    public MembershipStatus? MembershipStatus { get; init; }
    public DateTimeOffset? MembershipLockedUntil { get; init; }
    public string? ExternalId { get; init; }
    public bool? RequiresVerification { get; init; }
    public VerificationSecrets? Verification { get; init; }
    public UserProfile? Profile { get; init; }
    public PresenceView? Activity { get; init; }

    /// <summary>What the caller may see: everything for the user itself, its home tenant and operators; identity, status and the caller's own membership for other tenants.</summary>
    public static UserResponse For(UserView user, Auth.Caller caller)
    {
        var full = From(user, caller.TenantId);
        return caller.SeesPrivate(user) ? full : full with
        {
            Phone = null,
            Bio = null,
            PhoneVerified = false,
            LastLoginAt = null,
            ActivatedAt = null,
            ActivatedBy = null,
            DeactivatedAt = null,
            DeactivatedBy = null,
            DeactivationReason = null,
            InactiveUntil = null,
            LockedUntil = null,
            LockReason = null,
        };
    }

    public static UserResponse From(UserView user, Guid tenantId)
    {
        var membership = user.Memberships.FirstOrDefault(m => m.TenantId == tenantId);
        return new UserResponse
        {
            Id = user.Id,
            Email = user.Email,
            Name = user.Name,
            Phone = user.Phone,
            AvatarUrl = user.AvatarUrl,
            Bio = user.Bio,
            Status = user.Status,
            TenantId = tenantId,
            Role = membership?.Role,
            JoinedAt = membership?.JoinedAt,
            EmailVerified = user.EmailVerified,
            PhoneVerified = user.PhoneVerified,
            LastLoginAt = user.LastLoginAt,
            CreatedAt = user.CreatedAt,
            UpdatedAt = user.UpdatedAt,
            ActivatedAt = user.ActivatedAt,
            ActivatedBy = user.ActivatedBy,
            DeactivatedAt = user.DeactivatedAt,
            DeactivatedBy = user.DeactivatedBy,
            DeactivationReason = user.DeactivationReason,
            InactiveUntil = user.InactiveUntil,
            LockedUntil = user.LockedUntil,
            LockReason = user.LockReason,
            MembershipStatus = membership?.Status,
            MembershipLockedUntil = membership?.LockedUntil,
            ExternalId = membership?.ExternalId,
        };
    }
}
