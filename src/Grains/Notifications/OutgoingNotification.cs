namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>A notification on its way out, with what the channels need to reach the user.</summary>
public sealed record OutgoingNotification(
    Guid Id, Guid UserId, string NotificationType, string Title, string? Content, string Priority, string? Email, string? Phone);
