namespace Lyss.UserGrains.Behavior;

/// <summary>A user's behaviour over one period, answered from rollups and sessions.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.BehaviorAnalysis")]
public sealed record BehaviorAnalysis
{
    [Id(0)] public required Guid UserId { get; init; }
    [Id(1)] public required Guid TenantId { get; init; }
    [Id(2)] public required string Period { get; init; }
    [Id(3)] public required int Days { get; init; }
    [Id(4)] public required DateTimeOffset From { get; init; }
    [Id(5)] public required DateTimeOffset AnalyzedAt { get; init; }
    [Id(6)] public required ActivityStats ActivityStats { get; init; }
    [Id(7)] public required ModelUsageStats ModelUsage { get; init; }
    [Id(8)] public required ConversationPatterns ConversationPatterns { get; init; }
    [Id(9)] public required ActiveHours ActiveHours { get; init; }
    /// <summary>feature_usage features, most used first.</summary>
    [Id(10)] public required IReadOnlyList<UsageItem> FeaturePreferences { get; init; }
    [Id(11)] public required IReadOnlyList<UsageItem> ActivityTypes { get; init; }
    [Id(12)] public required IReadOnlyList<string> UserTags { get; init; }
    [Id(13)] public required EngagementScore EngagementScore { get; init; }
    [Id(14)] public required BehaviorProfile Profile { get; init; }
}
