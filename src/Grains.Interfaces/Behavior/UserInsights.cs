namespace Lyss.UserGrains.Behavior;

/// <summary>Insights: the monthly analysis, trends, peers, suggestions.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.UserInsights")]
public sealed record UserInsights
{
    [Id(0)] public required Guid UserId { get; init; }
    [Id(1)] public required DateTimeOffset GeneratedAt { get; init; }
    [Id(2)] public required BehaviorAnalysis CurrentPeriod { get; init; }
    [Id(3)] public required IReadOnlyList<TrendItem> Trends { get; init; }
    [Id(4)] public required PeerComparison PeerComparison { get; init; }
    [Id(5)] public required IReadOnlyList<Suggestion> ImprovementSuggestions { get; init; }
    [Id(6)] public required string InsightsSummary { get; init; }
}
