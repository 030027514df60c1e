namespace Lyss.UserGrains.Sharing;

/// <summary>A rating (1-5) and comment on a resource, or on the service when no resource is named.</summary>
[GenerateSerializer, Immutable, Alias("lyss.sharing.FeedbackCommand")]
public sealed record FeedbackCommand
{
    [Id(0)] public required int Rating { get; init; }
    [Id(1)] public string? Comment { get; init; }
    [Id(2)] public string? ResourceType { get; init; }
    [Id(3)] public string? ResourceId { get; init; }
}
