namespace Lyss.UserGrains.Notifications;

[GenerateSerializer, Immutable, Alias("lyss.notifications.NotificationView")]
public sealed record NotificationView
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string NotificationType { get; init; }
    [Id(2)] public required string Title { get; init; }
    [Id(3)] public string? Content { get; init; }
    [Id(4)] public required string Priority { get; init; }
    [Id(5)] public required string Channel { get; init; }
    [Id(6)] public required bool IsRead { get; init; }
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(8)] public DateTimeOffset? ReadAt { get; init; }
    [Id(9)] public Guid? TenantId { get; init; }
}
