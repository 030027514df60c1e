namespace Lyss.UserGrains.Invitations;

[GenerateSerializer, Immutable, Alias("lyss.invitations.InvitationListQuery")]
public sealed record InvitationListQuery
{
    [Id(0)] public InvitationStatus? Status { get; init; }
    [Id(1)] public string? InvitedBy { get; init; }
    [Id(2)] public int Limit { get; init; } = 20;
    [Id(3)] public int Offset { get; init; }
}
