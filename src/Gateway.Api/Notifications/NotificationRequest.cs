namespace Lyss.UserGrains.Gateway.Notifications;

public sealed record NotificationRequest(string? NotificationType, string? Title, string? Content, string? Priority, DateTimeOffset? ScheduledAt);
