namespace Lyss.UserGrains.Invitations;

[GenerateSerializer, Immutable, Alias("lyss.invitations.CreateInvitationCommand")]
public sealed record CreateInvitationCommand
{
    [Id(0)] public required string InviteeEmail { get; init; }
    [Id(1)] public required string Role { get; init; }
    /// <summary>How long the code stays valid: up to 30 days (REST takes whole days).</summary>
    [Id(2)] public TimeSpan ExpiresIn { get; init; } = TimeSpan.FromDays(7);
}
