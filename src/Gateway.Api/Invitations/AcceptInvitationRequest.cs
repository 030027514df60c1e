namespace Lyss.UserGrains.Gateway.Invitations;

/// <summary>Without a token: who registers. With the token of an existing active user: may be empty.</summary>
/// <param name="Email">A newcomer's email: the invitee's.</param>
/// <param name="Name">A newcomer's name.</param>
/// <param name="Phone">A newcomer's phone (E.164), optional.</param>
/// <param name="Proof">The <c>proof</c> of the emailed link, when the invitee followed it: their email then counts as verified.</param>
public sealed record AcceptInvitationRequest(string? Email, string? Name, string? Phone, string? Proof = null);
