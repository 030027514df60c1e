namespace Lyss.UserGrains.Gateway.Invitations;

public sealed record ResendInvitationRequest(int? ExpiresInDays);
