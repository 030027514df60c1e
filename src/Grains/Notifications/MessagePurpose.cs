namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>Why an <see cref="OutboundMessage"/> is sent; a newer message of one purpose voids the unsent older one.</summary>
public enum MessagePurpose
{
    EmailVerification,
    PhoneVerification,
    Invitation,
}
