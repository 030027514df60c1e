using System.Net.Http.Json;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>Push or SMS through the platform gateway's webhook: one JSON POST per notification.</summary>
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

        using var response = await http.PostAsJsonAsync(webhook, new
        {
            channel = name,
            notification_id = notification.Id,
            user_id = notification.UserId,
            phone = name == "sms" ? notification.Phone : null,
            type = notification.NotificationType,
            title = notification.Title,
            content = notification.Content,
            priority = notification.Priority,
        }, cancellationToken);
        return response.IsSuccessStatusCode ? null : $"webhook answered {(int)response.StatusCode}";
    }
}
