namespace Lyss.UserGrains.Invitations;

/// <summary>
/// Who accepts: a new person (<see cref="Email"/>, <see cref="Name"/>, <see cref="Phone"/>), or an
/// existing user signed in (<see cref="UserId"/>). The email must be the invitation's.
/// </summary>
[GenerateSerializer, Immutable, Alias("lyss.invitations.AcceptInvitationCommand")]
public sealed record AcceptInvitationCommand
{
    [Id(0)] public string? Email { get; init; }
    [Id(1)] public string? Name { get; init; }
    [Id(2)] public string? Phone { get; init; }
    [Id(3)] public Guid? UserId { get; init; }

    /// <summary>The proof from the invitation email's link: it shows the accepting person reads that mailbox (the code alone does not: the inviter has it).</summary>
    [Id(4)] public string? Proof { get; init; }
}
