namespace Lyss.UserGrains.Reports;

/// <summary>One activity row of a report export.</summary>
[GenerateSerializer, Immutable, Alias("lyss.reports.ExportedActivity")]
public sealed record ExportedActivity
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required Guid UserId { get; init; }
    [Id(2)] public required string ActivityType { get; init; }
    [Id(3)] public string? ResourceType { get; init; }
    [Id(4)] public string? ResourceId { get; init; }
    [Id(5)] public string? Details { get; init; }
    [Id(6)] public string? IpAddress { get; init; }
    [Id(7)] public string? UserAgent { get; init; }
    [Id(8)] public string? SessionId { get; init; }
    [Id(9)] public required DateTimeOffset OccurredAt { get; init; }
    [Id(10)] public required DateTimeOffset ReceivedAt { get; init; }
}
