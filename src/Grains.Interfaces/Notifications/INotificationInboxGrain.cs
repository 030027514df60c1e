namespace Lyss.UserGrains.Notifications;

/// <summary>A user's in-app inbox (<c>user_notifications</c>); stateless, any silo answers.</summary>
[Alias("lyss.notifications.INotificationInboxGrain")]
public interface INotificationInboxGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a notification to the user's inbox; the dispatcher sends it on at its time.</summary>
    [Alias("Send")]
    Task<NotificationView> SendAsync(Guid userId, Guid tenantId, NotificationDraft draft);

    [Alias("List")]
    Task<Inbox> ListAsync(Guid userId, bool unreadOnly, int limit, int offset);

    /// <summary>Marks one notification read; false when the user has no such notification.</summary>
    [Alias("MarkRead")]
    Task<bool> MarkReadAsync(Guid userId, Guid notificationId);

    /// <summary>Marks every unread notification of the user read; returns how many.</summary>
    [Alias("MarkAllRead")]
    Task<long> MarkAllReadAsync(Guid userId);
}
