namespace Lyss.UserGrains.Gateway.Invitations;

/// <summary>Without a token: who registers. With the token of an existing active user: may be empty.</summary>
public sealed record AcceptInvitationRequest(string? Email, string? Name, string? Phone);
