using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>Email over SMTP (MailKit: STARTTLS or TLS and login as configured).</summary>
public sealed class EmailChannel(IOptions<NotificationOptions> options) : INotificationChannel
{
    public string Name => "email";

    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.SmtpHost);

    public async Task<string?> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Email is null)
        {
            return "the user has no email address";
        }

        if (!MailboxAddress.TryParse(notification.Email, out var to) || to.Address.IndexOfAny(['\r', '\n']) >= 0)
        {
            return "the user's email address cannot be mailed";
        }

        var settings = options.Value;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(to);
        // MimeKit encodes header values itself; titles are single-line already (validated at the inbox).
        message.Subject = notification.Title.ReplaceLineEndings(" ");
        message.Body = new TextPart("plain") { Text = notification.Content ?? notification.Title };
        message.Headers.Add("X-Lyss-Notification-Id", notification.Id.ToString());

        using var client = new SmtpClient { Timeout = (int)settings.SendTimeout.TotalMilliseconds };
        await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, settings.SmtpSecurity, cancellationToken);
        if (!string.IsNullOrEmpty(settings.SmtpUser))
        {
            await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return null;
    }
}
