namespace Lyss.UserGrains.Gateway.Invitations;

/// <summary>What an invitation's holder may see before accepting it.</summary>
public sealed record InvitationLookupResponse(Guid TenantId, string? TenantName, string Role, Lyss.UserGrains.Invitations.InvitationStatus Status, DateTimeOffset ExpiresAt);
