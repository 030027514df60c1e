namespace Lyss.UserGrains.Sharing;

[GenerateSerializer, Immutable, Alias("lyss.sharing.FeedbackView")]
public sealed record FeedbackView
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required Guid UserId { get; init; }
    [Id(2)] public required int Rating { get; init; }
    [Id(3)] public string? Comment { get; init; }
    [Id(4)] public string? ResourceType { get; init; }
    [Id(5)] public string? ResourceId { get; init; }
    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }
}
