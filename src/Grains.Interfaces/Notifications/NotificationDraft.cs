namespace Lyss.UserGrains.Notifications;

/// <summary>A notification an operator or another service sends to a user, now or at <see cref="ScheduledAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("lyss.notifications.NotificationDraft")]
public sealed record NotificationDraft
{
    [Id(0)] public required string NotificationType { get; init; }
    [Id(1)] public required string Title { get; init; }
    [Id(2)] public string? Content { get; init; }
    [Id(3)] public string Priority { get; init; } = "normal";
    [Id(4)] public DateTimeOffset? ScheduledAt { get; init; }
}
