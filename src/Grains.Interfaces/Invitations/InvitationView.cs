namespace Lyss.UserGrains.Invitations;

[GenerateSerializer, Immutable, Alias("lyss.invitations.InvitationView")]
public sealed record InvitationView
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string Code { get; init; }
    [Id(2)] public required Guid TenantId { get; init; }
    [Id(3)] public required string InviteeEmail { get; init; }
    [Id(4)] public required string Role { get; init; }
    [Id(5)] public required InvitationStatus Status { get; init; }
    [Id(6)] public required DateTimeOffset ExpiresAt { get; init; }
    [Id(7)] public required string InvitedBy { get; init; }
    [Id(8)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(9)] public DateTimeOffset? AcceptedAt { get; init; }
    [Id(10)] public Guid? AcceptedUserId { get; init; }
    [Id(11)] public string? TenantName { get; init; }
}
