namespace Lyss.UserGrains.Gateway.Invitations;

public sealed record CreateInvitationRequest(string? InviteeEmail, string? Role, Guid? TenantId, int? ExpiresInDays);
