using Lyss.UserGrains.Invitations;

namespace Lyss.UserGrains.Grains.Invitations;

[GenerateSerializer, Alias("lyss.invitations.InvitationState")]
public sealed class InvitationState
{
    public const string StateName = "invitation";

    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public Guid Id { get; set; }
    [Id(2)] public Guid TenantId { get; set; }
    [Id(3)] public string InviteeEmail { get; set; } = "";
    [Id(4)] public string Role { get; set; } = "";
    [Id(5)] public InvitationStatus Status { get; set; }
    [Id(6)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(7)] public string InvitedBy { get; set; } = "";
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public DateTimeOffset? AcceptedAt { get; set; }
    [Id(10)] public Guid? AcceptedUserId { get; set; }

    /// <summary>SHA-256 of the proof in the last emailed link; only the invitee's mailbox has the proof itself.</summary>
    [Id(11)] public string? ProofHash { get; set; }
}
