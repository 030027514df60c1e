using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Notifications;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Notifications;

[StatelessWorker]
public sealed class NotificationInboxGrain(NotificationStore store) : Grain, INotificationInboxGrain
{
    public Task<Inbox> ListAsync(Guid userId, bool unreadOnly, int limit, int offset) => store.ListAsync(userId, unreadOnly, limit, offset);

    private static readonly string[] Priorities = ["low", "normal", "high", "urgent"];

    public async Task<NotificationView> SendAsync(Guid userId, Guid tenantId, NotificationDraft draft)
    {
        var errors = new FieldErrors();
        if (draft.NotificationType is not { Length: >= 2 and <= 50 })
        {
            errors.Add("notification_type", "2 to 50 characters.");
        }

        if (draft.Title is not { Length: >= 1 and <= 255 })
        {
            errors.Add("title", "1 to 255 characters.");
        }
        else if (PlainText.Problem(draft.Title) is { } title)
        {
            // A title becomes an email subject: a line break there is header injection.
            errors.Add("title", title);
        }

        if (draft.Content is { Length: > 10_000 })
        {
            errors.Add("content", "At most 10,000 characters.");
        }
        else if (PlainText.Problem(draft.Content, multiLine: true) is { } content)
        {
            errors.Add("content", content);
        }

        if (!Priorities.Contains(draft.Priority))
        {
            errors.Add("priority", "One of low, normal, high, urgent.");
        }

        if (draft.ScheduledAt is { } at && at > DateTimeOffset.UtcNow.AddDays(365))
        {
            errors.Add("scheduled_at", "At most a year ahead.");
        }

        errors.ThrowIfAny();

        var view = new NotificationView
        {
            Id = Guid.CreateVersion7(),
            NotificationType = draft.NotificationType,
            Title = draft.Title,
            Content = draft.Content,
            Priority = draft.Priority,
            Channel = "in_app",
            IsRead = false,
            CreatedAt = DateTimeOffset.UtcNow,
            TenantId = tenantId,
        };
        await store.AddAsync(userId, tenantId, view, draft.ScheduledAt);
        return view;
    }

    public Task<bool> MarkReadAsync(Guid userId, Guid notificationId) => store.MarkReadAsync(userId, notificationId);

    public Task<long> MarkAllReadAsync(Guid userId) => store.MarkAllReadAsync(userId);
}
