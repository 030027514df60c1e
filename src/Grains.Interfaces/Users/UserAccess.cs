namespace Lyss.UserGrains.Users;

/// <summary>What the gateway needs to judge a token whose subject may be this user.</summary>
[GenerateSerializer, Immutable, Alias("lyss.users.UserAccess")]
public sealed record UserAccess(
    [property: Id(0)] bool IsUser,
    [property: Id(1)] UserStatus Status,
    [property: Id(2)] string? RoleInTenant)
{
    /// <summary>Tenant defaults ∪ role permissions ∪ the member's own grants, in that tenant.</summary>
    [Id(3)] public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>The membership in the asked tenant is locked (that tenant's rules or admins): its tokens are refused.</summary>
    [Id(4)] public bool MembershipLocked { get; init; }
}
