using Dapper;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Notifications;
using Npgsql;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>A user's in-app inbox in <c>user_notifications</c>: listed, added to and marked read.</summary>
public sealed class NotificationStore(NpgsqlDataSource dataSource)
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

    /// <summary>Adds an in-app notification, shown from <paramref name="scheduledAt"/> when given.</summary>
    public async Task AddAsync(Guid userId, Guid tenantId, NotificationView view, DateTimeOffset? scheduledAt)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO user_notifications (id, user_id, tenant_id, notification_type, title, content, priority, channel, scheduled_at, created_at)
            VALUES (@Id, @userId, @tenantId, @NotificationType, @Title, @Content, @Priority, 'in_app', @ScheduledAt, @CreatedAt)
            """,
            new { view.Id, userId, tenantId, view.NotificationType, view.Title, view.Content, view.Priority, ScheduledAt = scheduledAt, view.CreatedAt });
    }

    /// <summary>False when the user has no such notification.</summary>
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
