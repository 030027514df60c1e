using Lyss.UserGrains.Errors;
using Dapper;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Notifications;
using Npgsql;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Notifications;

[StatelessWorker]
public sealed class NotificationInboxGrain(NpgsqlDataSource dataSource) : Grain, INotificationInboxGrain
{
    public async Task<Inbox> ListAsync(Guid userId, bool unreadOnly, int limit, int offset)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var p = new { userId, unreadOnly, limit, offset };
        var counts = await connection.QuerySingleAsync<(long Total, long Unread)>(
            "SELECT count(*) FILTER (WHERE NOT @unreadOnly OR NOT is_read), count(*) FILTER (WHERE NOT is_read) FROM user_notifications WHERE user_id = @userId AND coalesce(scheduled_at, created_at) <= now()", p);
        var rows = await connection.QueryAsync<Row>(
            """
            SELECT id AS Id, notification_type AS NotificationType, title AS Title, content AS Content, priority AS Priority,
                   channel AS Channel, is_read AS IsRead, created_at AS CreatedAt, read_at AS ReadAt, tenant_id AS TenantId
            FROM user_notifications WHERE user_id = @userId AND (NOT @unreadOnly OR NOT is_read) AND coalesce(scheduled_at, created_at) <= now()
            ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset
            """, p);
        var items = rows.Select(r => new NotificationView
        {
            Id = r.Id,
            NotificationType = r.NotificationType,
            Title = r.Title,
            Content = r.Content,
            Priority = r.Priority,
            Channel = r.Channel,
            IsRead = r.IsRead,
            CreatedAt = new DateTimeOffset(r.CreatedAt, TimeSpan.Zero),
            ReadAt = r.ReadAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
            TenantId = r.TenantId,
        }).ToList();
        return new Inbox(new Page<NotificationView>(items, counts.Total, limit, offset), counts.Unread);
    }

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
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO user_notifications (id, user_id, tenant_id, notification_type, title, content, priority, channel, scheduled_at, created_at)
            VALUES (@Id, @userId, @tenantId, @NotificationType, @Title, @Content, @Priority, 'in_app', @ScheduledAt, @CreatedAt)
            """,
            new { view.Id, userId, tenantId, view.NotificationType, view.Title, view.Content, view.Priority, draft.ScheduledAt, view.CreatedAt });
        return view;
    }

    public async Task<bool> MarkReadAsync(Guid userId, Guid notificationId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var found = await connection.ExecuteScalarAsync<int>(
            """
            WITH target AS (SELECT id FROM user_notifications WHERE id = @notificationId AND user_id = @userId),
                 updated AS (UPDATE user_notifications SET is_read = true, read_at = coalesce(read_at, now())
                             WHERE id IN (SELECT id FROM target) RETURNING 1)
            SELECT count(*) FROM target
            """, new { userId, notificationId });
        return found > 0;
    }

    public async Task<long> MarkAllReadAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteAsync(
            "UPDATE user_notifications SET is_read = true, read_at = now() WHERE user_id = @userId AND NOT is_read AND coalesce(scheduled_at, created_at) <= now()", new { userId });
    }

    private sealed record Row(Guid Id, string NotificationType, string Title, string? Content, string Priority, string Channel,
        bool IsRead, DateTime CreatedAt, DateTime? ReadAt, Guid? TenantId);
}
