using Lyss.UserGrains.Invitations;

namespace Lyss.UserGrains.Gateway.Invitations;

public sealed record InvitationResponse(
    Guid Id, string Code, Guid TenantId, string InviteeEmail, string Role, InvitationStatus Status,
    DateTimeOffset ExpiresAt, string InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset? AcceptedAt, Guid? AcceptedUserId)
{
    public static InvitationResponse From(InvitationView v) =>
        new(v.Id, v.Code, v.TenantId, v.InviteeEmail, v.Role, v.Status, v.ExpiresAt, v.InvitedBy, v.CreatedAt, v.AcceptedAt, v.AcceptedUserId);
}
