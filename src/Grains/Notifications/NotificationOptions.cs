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

    /// <summary>TLS to the SMTP server: None, Auto, SslOnConnect, StartTls (required) or StartTlsWhenAvailable.</summary>
    public MailKit.Security.SecureSocketOptions SmtpSecurity { get; set; } = MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable;

    /// <summary>Login to the SMTP server; none when unset.</summary>
    public string? SmtpUser { get; set; }

    [Redact]
    public string? SmtpPassword { get; set; }

    /// <summary>Longest one send may take on any channel (the webhooks' total, retries included).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts of a notification whose channel keeps failing, before it is marked dead.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the second attempt; doubled before each later one (at most an hour).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Push and SMS go to these webhooks as JSON (the platform's push/SMS gateway).</summary>
    public Uri? PushWebhook { get; set; }

    public Uri? SmsWebhook { get; set; }

    /// <summary>
    /// Where the links in emails lead (the platform's front end): <c>{PublicBaseUrl}/verify-email?user_id=…&amp;code=…</c>
    /// and <c>{PublicBaseUrl}/invitations/accept?code=…</c>.
    /// </summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:8080");

    /// <summary>A directory of <c>{language}/{template}.txt</c> files replacing or adding to the built-in texts; checked at start.</summary>
    public string? TemplateDirectory { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
