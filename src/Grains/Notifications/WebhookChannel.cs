using System.Net.Http.Json;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>
/// Push or SMS through the platform gateway's webhook: one JSON POST per notification, retried by
/// the client's resilience pipeline; the notification id (also as <c>Idempotency-Key</c>) lets the
/// gateway drop a repeat.
/// </summary>
public sealed class WebhookChannel(string name, Uri? webhook, HttpClient http) : INotificationChannel
{
    public string Name => name;

    public bool IsConfigured => webhook is not null;

    public async Task<string?> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
    {
        if (name == "sms" && notification.Phone is null)
        {
            return "the user has no phone number";
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, webhook);
        request.Headers.Add("Idempotency-Key", notification.Id.ToString());
        request.Content = JsonContent.Create(new
        {
            channel = name,
            notification_id = notification.Id,
            user_id = notification.UserId,
            phone = name == "sms" ? notification.Phone : null,
            type = notification.NotificationType,
            title = notification.Title,
            content = notification.Content,
            priority = notification.Priority,
        });
        using var response = await http.SendAsync(request, cancellationToken);
        // Anything but success is a failure to retry later (the pipeline already retried transient answers).
        return response.IsSuccessStatusCode ? null : throw new HttpRequestException($"webhook answered {(int)response.StatusCode}", null, response.StatusCode);
    }
}
