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
}
