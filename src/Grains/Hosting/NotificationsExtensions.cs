using Lyss.UserGrains.Grains.Notifications;
using Lyss.UserGrains.Grains.Notifications.Templates;
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
        // The templates are read and checked with the options, so a broken file stops the silo at start.
        silo.Services.AddSingleton<IValidateOptions<NotificationOptions>, TemplateValidation>();
        silo.Services.AddSingleton(sp =>
        {
            var catalog = TemplateCatalog.Load(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.TemplateDirectory, out var errors);
            return errors.Count == 0 ? catalog : throw new OptionsValidationException(NotificationOptions.SectionName, typeof(NotificationOptions), errors);
        });
        silo.Services.AddSingleton<NotificationWriter>();
        silo.Services.AddSingleton<OutboxStore>();
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
        silo.Services.AddSingleton<OutboxSender>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        return silo;
    }
}
