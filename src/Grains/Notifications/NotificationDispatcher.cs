using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometheus;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>
/// Sends notifications whose time has come on the channels the user's preferences allow
/// (notification_enabled, then email_enabled / push_enabled / sms_enabled). Rows are claimed
/// with FOR UPDATE SKIP LOCKED, so every silo can run it without sending twice.
/// </summary>
public sealed partial class NotificationDispatcher(
    NpgsqlDataSource dataSource,
    IEnumerable<INotificationChannel> channels,
    IOptions<NotificationOptions> options,
    ILogger<NotificationDispatcher> logger)
    : BackgroundService
{
    private static readonly Counter Sent = Metrics.CreateCounter("user_notifications_sent_total", "Notifications sent per channel and outcome", "channel", "status");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Sent.WithLabels("in_app", "sent");
        // A silo with no channel configured leaves the rows to silos that can send them, rather
        // than marking them handled (the in-app inbox shows them either way).
        if (!channels.Any(c => c.IsConfigured))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed, the dispatcher goes on: an exception escaping a hosted service stops the whole silo.
                LogDispatchFailed(logger, e);
            }
        }
    }

    /// <summary>Dispatches up to 50 due notifications; returns how many.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<Due>(new CommandDefinition(
            """
            SELECT n.id AS Id, n.user_id AS UserId, n.notification_type AS NotificationType, n.title AS Title, n.content AS Content,
                   n.priority AS Priority, u.email AS Email, u.phone AS Phone,
                   coalesce((SELECT jsonb_object_agg(p.preference_key, p.preference_value) FROM user_preferences p
                             WHERE p.user_id = n.user_id AND p.category = 'notification'), '{}')::text AS Preferences
            FROM user_notifications n LEFT JOIN users u ON u.id = n.user_id
            WHERE n.dispatched_at IS NULL AND coalesce(n.scheduled_at, n.created_at) <= now()
            ORDER BY coalesce(n.scheduled_at, n.created_at)
            LIMIT 50 FOR UPDATE OF n SKIP LOCKED
            """, transaction: tx, cancellationToken: cancellationToken))).ToList();
        foreach (var n in due)
        {
            using var preferences = System.Text.Json.JsonDocument.Parse(n.Preferences);
            bool Enabled(string key, bool fallback) =>
                preferences.RootElement.TryGetProperty(key, out var value) ? value.ValueKind == System.Text.Json.JsonValueKind.True : fallback;
            var outgoing = new OutgoingNotification(n.Id, n.UserId, n.NotificationType, n.Title, n.Content, n.Priority, n.Email, n.Phone);
            foreach (var channel in channels)
            {
                var wanted = Enabled("notification_enabled", true) && Enabled($"{channel.Name}_enabled", channel.Name != "sms");
                string status, detail;
                if (!wanted || !channel.IsConfigured)
                {
                    (status, detail) = ("skipped", wanted ? "channel not configured" : "turned off in the user's preferences");
                }
                else
                {
                    try
                    {
                        var problem = await channel.SendAsync(outgoing, cancellationToken);
                        (status, detail) = problem is null ? ("sent", "") : ("skipped", problem);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        // One notification's failure (a bad address, a header the mailer refuses, a channel down) is
                        // recorded on it; it never fails the batch, whose rows would otherwise come back forever.
                        (status, detail) = ("failed", e.Message.Length > 500 ? e.Message[..500] : e.Message);
                    }
                }

                Sent.WithLabels(channel.Name, status).Inc();
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO notification_deliveries (notification_id, channel, status, detail, attempted_at) VALUES (@Id, @channel, @status, @detail, now())
                    ON CONFLICT (notification_id, channel) DO UPDATE SET status = EXCLUDED.status, detail = EXCLUDED.detail, attempted_at = now()
                    """, new { n.Id, channel = channel.Name, status, detail }, tx, cancellationToken: cancellationToken));
            }

            Sent.WithLabels("in_app", "sent").Inc();
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE user_notifications SET dispatched_at = now(), sent_at = coalesce(sent_at, now()) WHERE id = @Id", new { n.Id }, tx, cancellationToken: cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatching notifications failed; will retry")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    private sealed record Due(Guid Id, Guid UserId, string NotificationType, string Title, string? Content, string Priority, string? Email, string? Phone, string Preferences);
}
