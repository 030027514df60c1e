using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Notifications;

[GenerateSerializer, Immutable, Alias("lyss.notifications.Inbox")]
public sealed record Inbox(
    [property: Id(0)] Page<NotificationView> Page,
    [property: Id(1)] long UnreadCount);
