namespace Lyss.UserGrains.Behavior;

/// <summary>Recommendations of one type for a user.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.RecommendationList")]
public sealed record RecommendationList
{
    [Id(0)] public required Guid UserId { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public required DateTimeOffset GeneratedAt { get; init; }
    [Id(3)] public required IReadOnlyList<Recommendation> Items { get; init; }
}
