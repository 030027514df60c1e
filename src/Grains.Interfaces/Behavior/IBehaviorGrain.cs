namespace Lyss.UserGrains.Behavior;

/// <summary>
/// Behaviour analysis of one user in one tenant, answered from the rollups, sessions and usage
/// tables the pipeline keeps (never from raw activities). Stateless: any silo may answer.
/// </summary>
[Alias("lyss.behavior.IBehaviorGrain")]
public interface IBehaviorGrain : IGrainWithIntegerKey
{
    /// <summary>Analyses the user's behaviour; <paramref name="period"/> is one of <see cref="BehaviorPeriods"/>. Stores the monthly score on the profile.</summary>
    [Alias("Analyze")]
    Task<BehaviorAnalysis> AnalyzeAsync(Guid tenantId, Guid userId, string period);

    /// <summary>The same, days and hours in an IANA zone instead of the user's own (the ui.timezone preference or the profile's).</summary>
    [Alias("AnalyzeInZone")]
    Task<BehaviorAnalysis> AnalyzeAsync(Guid tenantId, Guid userId, string period, string? timeZone);

    [Alias("Insights")]
    Task<UserInsights> InsightsAsync(Guid tenantId, Guid userId);

    /// <summary><paramref name="type"/> is one of <see cref="RecommendationTypes"/>.</summary>
    [Alias("Recommend")]
    Task<RecommendationList> RecommendAsync(Guid tenantId, Guid userId, string type);
}
