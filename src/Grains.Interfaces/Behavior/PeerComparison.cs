namespace Lyss.UserGrains.Behavior;

/// <summary>Where a user stands among the tenant's analysed members.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.PeerComparison")]
public sealed record PeerComparison
{
    /// <summary>Other members with an analysis on record.</summary>
    [Id(0)] public required int Peers { get; init; }
    /// <summary>Share of peers (%) with a lower score; null without peers.</summary>
    [Id(1)] public double? EngagementPercentile { get; init; }
    /// <summary>Share of peers (%) with fewer activities in 30 days.</summary>
    [Id(2)] public double? ActivityPercentile { get; init; }
    [Id(3)] public decimal? PeerAverageScore { get; init; }
    [Id(4)] public double? PeerAverageActivity { get; init; }
}
