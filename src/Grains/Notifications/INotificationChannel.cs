namespace Lyss.UserGrains.Grains.Notifications;

/// <summary>One way of reaching a user beyond the in-app inbox.</summary>
public interface INotificationChannel
{
    /// <summary>The channel's name, as the user's preference keys use it (<c>email</c> → <c>email_enabled</c>).</summary>
    string Name { get; }

    bool IsConfigured { get; }

    /// <summary>Sends, or returns why it could not (e.g. no email address).</summary>
    Task<string?> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken);
}
