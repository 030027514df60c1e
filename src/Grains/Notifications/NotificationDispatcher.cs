using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometheus;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>
/// Sends notifications whose time has come on the channels the user's preferences allow
/// (notification_enabled, then email_enabled / push_enabled / sms_enabled). Rows are claimed for a
/// lease in a short transaction (FOR UPDATE SKIP LOCKED, so every silo can run it without sending
/// twice) and sent outside it, each send bounded by <see cref="NotificationOptions.SendTimeout"/>.
/// A channel that fails is tried again with back-off, on its own (channels already sent are not
/// repeated), until <see cref="NotificationOptions.MaxAttempts"/>; then the delivery is dead. No
/// failure of one notification touches another, and none escapes: an exception leaving a hosted
/// service stops the silo.
/// </summary>
public sealed partial class NotificationDispatcher(
    NpgsqlDataSource dataSource,
    IEnumerable<INotificationChannel> channels,
    IOptions<NotificationOptions> options,
    ILogger<NotificationDispatcher> logger)
    : BackgroundService
{
    private static readonly Counter Sent = Metrics.CreateCounter("user_notifications_sent_total", "Notifications sent per channel and outcome", "channel", "status");

    /// <summary>Notifications claimed at once: they are sent one after another within one lease.</summary>
    private const int BatchSize = 10;

    /// <summary>
    /// How long a claim holds: longer than every send of a whole batch on every channel could take, so no
    /// other silo claims a row that is still being sent (that would send it twice).
    /// </summary>
    private TimeSpan Lease => options.Value.SendTimeout * (BatchSize * channels.Count()) + TimeSpan.FromMinutes(1);

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
                LogDispatchFailed(logger, e);
            }
        }
    }

    /// <summary>Claims up to <see cref="BatchSize"/> due notifications, sends them, records the outcome; returns how many.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var due = await ClaimAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var done = await DoneChannelsAsync([.. due.Select(d => d.Id)], cancellationToken);
        var outcomes = new List<Outcome>(due.Count);
        foreach (var n in due)
        {
            outcomes.Add(await SendAsync(n, done, cancellationToken));
        }

        await RecordAsync(outcomes, cancellationToken);
        return due.Count;
    }

    private async Task<List<Due>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<Due>(new CommandDefinition(
            """
            SELECT n.id AS Id, n.user_id AS UserId, n.notification_type AS NotificationType, n.title AS Title, n.content AS Content,
                   n.priority AS Priority, u.email AS Email, u.phone AS Phone, n.attempts + 1 AS Attempt,
                   coalesce((SELECT jsonb_object_agg(p.preference_key, p.preference_value) FROM user_preferences p
                             WHERE p.user_id = n.user_id AND p.category = 'notification'), '{}')::text AS Preferences
            FROM user_notifications n LEFT JOIN users u ON u.id = n.user_id
            WHERE n.dispatched_at IS NULL AND coalesce(n.scheduled_at, n.created_at) <= now()
              AND (n.next_attempt_at IS NULL OR n.next_attempt_at <= now())
              AND (n.claimed_until IS NULL OR n.claimed_until < now())
            ORDER BY coalesce(n.scheduled_at, n.created_at)
            LIMIT @batch FOR UPDATE OF n SKIP LOCKED
            """, new { batch = BatchSize }, transaction: tx, cancellationToken: cancellationToken))).ToList();
        if (due.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE user_notifications SET claimed_until = now() + @lease, attempts = attempts + 1 WHERE id = ANY(@ids)",
                new { lease = Lease, ids = due.Select(d => d.Id).ToArray() }, tx, cancellationToken: cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        return due;
    }

    private async Task<HashSet<(Guid, string)>> DoneChannelsAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, string Channel)>(new CommandDefinition(
            "SELECT notification_id, channel FROM notification_deliveries WHERE notification_id = ANY(@ids) AND status IN ('sent', 'skipped')",
            new { ids }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>One notification on every channel not handled yet; never throws.</summary>
    private async Task<Outcome> SendAsync(Due n, HashSet<(Guid, string)> done, CancellationToken cancellationToken)
    {
        var deliveries = new List<Delivery>();
        try
        {
            using var preferences = System.Text.Json.JsonDocument.Parse(n.Preferences);
            bool Enabled(string key, bool fallback) =>
                preferences.RootElement.TryGetProperty(key, out var value) ? value.ValueKind == System.Text.Json.JsonValueKind.True : fallback;
            var outgoing = new OutgoingNotification(n.Id, n.UserId, n.NotificationType, n.Title, n.Content, n.Priority, n.Email, n.Phone);
            foreach (var channel in channels)
            {
                if (done.Contains((n.Id, channel.Name)))
                {
                    continue;
                }

                var wanted = Enabled("notification_enabled", true) && Enabled($"{channel.Name}_enabled", channel.Name != "sms");
                if (!wanted || !channel.IsConfigured)
                {
                    deliveries.Add(new Delivery(channel.Name, "skipped", wanted ? "channel not configured" : "turned off in the user's preferences"));
                    continue;
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Value.SendTimeout);
                try
                {
                    var problem = await channel.SendAsync(outgoing, timeout.Token);
                    deliveries.Add(problem is null ? new Delivery(channel.Name, "sent", "") : new Delivery(channel.Name, "skipped", problem));
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // A bad address, a header the server refuses, a channel down or slow: recorded on this notification only.
                    deliveries.Add(new Delivery(channel.Name, "failed", timeout.IsCancellationRequested ? "timed out" : e.Message));
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            deliveries.Add(new Delivery("email", "failed", e.Message));
        }

        return new Outcome(n, deliveries);
    }

    private async Task RecordAsync(List<Outcome> outcomes, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (n, deliveries) in outcomes)
        {
            var failing = deliveries.Any(d => d.Status == "failed");
            var last = n.Attempt >= settings.MaxAttempts;
            foreach (var d in deliveries)
            {
                var status = d.Status == "failed" && last ? "dead" : d.Status;
                Sent.WithLabels(d.Channel, status).Inc();
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO notification_deliveries (notification_id, channel, status, detail, attempted_at, attempts)
                    VALUES (@Id, @channel, @status, left(@detail, 500), now(), @Attempt)
                    ON CONFLICT (notification_id, channel) DO UPDATE
                        SET status = EXCLUDED.status, detail = EXCLUDED.detail, attempted_at = now(), attempts = EXCLUDED.attempts
                    """, new { n.Id, channel = d.Channel, status, detail = d.Detail, n.Attempt }, tx, cancellationToken: cancellationToken));
            }

            if (failing && !last)
            {
                var wait = TimeSpan.FromTicks(Math.Min(settings.RetryBackoff.Ticks * (1L << Math.Min(n.Attempt - 1, 20)), TimeSpan.FromHours(1).Ticks));
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE user_notifications SET claimed_until = NULL, next_attempt_at = now() + @wait WHERE id = @Id",
                    new { n.Id, wait }, tx, cancellationToken: cancellationToken));
                continue;
            }

            Sent.WithLabels("in_app", "sent").Inc();
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE user_notifications SET claimed_until = NULL, dispatched_at = now(), sent_at = coalesce(sent_at, now()) WHERE id = @Id",
                new { n.Id }, tx, cancellationToken: cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatching notifications failed; will retry")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    private sealed record Due(Guid Id, Guid UserId, string NotificationType, string Title, string? Content, string Priority, string? Email, string? Phone, int Attempt, string Preferences);

    private sealed record Delivery(string Channel, string Status, string Detail);

    private sealed record Outcome(Due Notification, List<Delivery> Deliveries);
}
