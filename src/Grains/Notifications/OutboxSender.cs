using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>
/// Sends the <c>outbound_messages</c> (codes, invitations) on their channel, whatever the recipient's
/// notification preferences: a code the user asked for is not a notification they can turn off.
/// Claimed like notifications (every silo sends, none twice), retried with back-off up to
/// <see cref="NotificationOptions.MaxAttempts"/>; the text is cleared once the row is done.
/// </summary>
public sealed partial class OutboxSender(
    OutboxStore store,
    IEnumerable<INotificationChannel> channels,
    IOptions<NotificationOptions> options,
    ILogger<OutboxSender> logger)
    : BackgroundService
{
    private static readonly Counter Sent = Metrics.CreateCounter("user_outbound_messages_total", "Codes and invitations sent per channel and outcome", "channel", "status");

    private const int BatchSize = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A silo that can send nothing leaves the rows to silos that can, but still clears expired
        // codes: with no channel anywhere (development) no secret stays past its expiry.
        var canSend = channels.Any(c => c.IsConfigured && c.Name is "email" or "sms");
        using var timer = new PeriodicTimer(canSend ? options.Value.PollInterval : TimeSpan.FromMinutes(1));
        var ticks = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (!canSend || ticks++ % 60 == 0)
                {
                    await store.ExpireAsync(stoppingToken);
                }

                while (canSend && await SendBatchAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSendFailed(logger, e);
            }
        }
    }

    /// <summary>Claims and sends one batch; returns how many were claimed.</summary>
    public async Task<int> SendBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        string[] sendable = [.. channels.Where(c => c.IsConfigured && c.Name is "email" or "sms").Select(c => c.Name)];
        var due = await store.ClaimAsync(BatchSize, settings.SendTimeout * BatchSize + TimeSpan.FromMinutes(1), sendable, cancellationToken);
        foreach (var message in due)
        {
            var (status, detail) = await SendAsync(message, settings, cancellationToken);
            if (status == "failed")
            {
                var last = message.Attempt >= settings.MaxAttempts;
                status = last ? "dead" : "queued";
                var wait = TimeSpan.FromTicks(Math.Min(settings.RetryBackoff.Ticks * (1L << Math.Min(message.Attempt - 1, 20)), TimeSpan.FromHours(1).Ticks));
                await store.RecordAsync(message.Id, status, detail, last ? null : wait, cancellationToken);
            }
            else
            {
                await store.RecordAsync(message.Id, status, detail, null, cancellationToken);
            }

            Sent.WithLabels(message.Channel, status == "queued" ? "retry" : status).Inc();
        }

        return due.Count;
    }

    private async Task<(string Status, string? Detail)> SendAsync(QueuedMessage message, NotificationOptions settings, CancellationToken cancellationToken)
    {
        var channel = channels.FirstOrDefault(c => c.Name == message.Channel);
        if (channel is null || !channel.IsConfigured)
        {
            return ("skipped", "channel not configured");
        }

        var outgoing = new OutgoingNotification(
            message.Id, message.UserId ?? Guid.Empty, message.Purpose, message.Subject, message.Body, "high",
            message.Channel == "email" ? message.Recipient : null,
            message.Channel == "sms" ? message.Recipient : null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.SendTimeout);
        try
        {
            var problem = await channel.SendAsync(outgoing, timeout.Token);
            return problem is null ? ("sent", null) : ("skipped", problem);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A refusal may quote the address: kept only as long as the row (erased with the user).
            return ("failed", timeout.IsCancellationRequested ? "timed out" : e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending queued messages failed; trying again on the next tick")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);
}
