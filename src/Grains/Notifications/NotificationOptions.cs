using System.ComponentModel.DataAnnotations;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>Delivery channels (configuration section <c>Lyss:Notifications</c>); an unset channel is skipped.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Lyss:Notifications";

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 25;

    [Required]
    public string From { get; set; } = "no-reply@lyss.local";

    /// <summary>Push and SMS go to these webhooks as JSON (the platform's push/SMS gateway).</summary>
    public Uri? PushWebhook { get; set; }

    public Uri? SmsWebhook { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
