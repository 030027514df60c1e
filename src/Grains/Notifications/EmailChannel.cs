using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>Email over SMTP.</summary>
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

        using var client = new SmtpClient(options.Value.SmtpHost, options.Value.SmtpPort) { EnableSsl = false };
        using var message = new MailMessage(options.Value.From, notification.Email, notification.Title, notification.Content ?? notification.Title);
        await client.SendMailAsync(message, cancellationToken);
        return null;
    }
}
