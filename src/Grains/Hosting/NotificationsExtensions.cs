using Lyss.UserGrains.Grains.Notifications;
using Lyss.UserGrains.Hosting;
using Orleans.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Grains.Hosting;

public static class NotificationsExtensions
{
    /// <summary>Delivery of notifications by email, push and SMS webhooks, claimed and retried by the dispatcher (<c>Lyss:Notifications</c>).</summary>
    public static ISiloBuilder AddNotifications(this ISiloBuilder silo)
    {
        silo.Services.AddValidatedOptions<NotificationOptions>(NotificationOptions.SectionName);
        // Logged with the silo's options at start (secrets marked [Redact] shown as such).
        silo.Services.ConfigureFormatter<NotificationOptions>();
        silo.Services.AddHttpClient();
        foreach (var webhook in new[] { "push", "sms" })
        {
            // Transient answers retried within the send's time; the dispatcher retries later attempts.
            silo.Services.AddHttpClient(webhook).AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(4);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(9);
                o.Retry.MaxRetryAttempts = 2;
                o.Retry.Delay = TimeSpan.FromMilliseconds(200);
            });
        }

        silo.Services.AddSingleton<INotificationChannel, EmailChannel>();
        silo.Services.AddSingleton<INotificationChannel>(sp => new WebhookChannel(
            "push", sp.GetRequiredService<IOptions<NotificationOptions>>().Value.PushWebhook, sp.GetRequiredService<IHttpClientFactory>().CreateClient("push")));
        silo.Services.AddSingleton<INotificationChannel>(sp => new WebhookChannel(
            "sms", sp.GetRequiredService<IOptions<NotificationOptions>>().Value.SmsWebhook, sp.GetRequiredService<IHttpClientFactory>().CreateClient("sms")));
        silo.Services.AddSingleton<NotificationDispatcher>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        return silo;
    }
}
