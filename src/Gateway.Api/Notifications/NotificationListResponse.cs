namespace Lyss.UserGrains.Gateway.Notifications;

public sealed record NotificationListResponse(IReadOnlyList<Lyss.UserGrains.Notifications.NotificationView> Notifications, long UnreadCount, long Total, int Limit, int Offset, bool HasMore);
