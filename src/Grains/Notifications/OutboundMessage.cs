namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>
/// A message that must reach an address (a code, an invitation) whatever the preferences: queued in
/// <c>outbound_messages</c> with the change that made it, voiding any unsent one of the same purpose
/// for the same user or reference.
/// </summary>
/// <param name="UserId">The user it is about, whose language it speaks (null for an invitee without an account).</param>
/// <param name="ReferenceId">What else it belongs to (the invitation).</param>
/// <param name="LinkPath">Path and query under <see cref="NotificationOptions.PublicBaseUrl"/>, given to the template as <c>{{link}}</c>.</param>
public sealed record OutboundMessage(
    Guid TenantId,
    Guid? UserId,
    Guid? ReferenceId,
    MessagePurpose Purpose,
    string Recipient,
    string Template,
    IReadOnlyDictionary<string, string?> Values,
    DateTimeOffset ExpiresAt,
    string? LinkPath = null)
{
    /// <summary>The channel that carries it: SMS for phone codes, email for the rest.</summary>
    public string Channel => Purpose == MessagePurpose.PhoneVerification ? "sms" : "email";
}
