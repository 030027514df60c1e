using Lyss.UserGrains.Common;
using System.Diagnostics;
using Lyss.UserGrains.Behavior;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.Telemetry;
using Lyss.UserGrains.Users;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>
/// Behaviour analysis, insights and recommendations. Stateless and local to the calling silo:
/// the user grain only flushes its open sessions and supplies its time zone and preferences,
/// so a long analysis never holds up that user's activity tracking.
/// </summary>
[StatelessWorker]
public sealed class BehaviorGrain(BehaviorStore source, GrainClock clock) : Grain, IBehaviorGrain
{
    private const int RecommendationLimit = 5;

    public Task<BehaviorAnalysis> AnalyzeAsync(Guid tenantId, Guid userId, string period) => AnalyzeAsync(tenantId, userId, period, null);

    public async Task<BehaviorAnalysis> AnalyzeAsync(Guid tenantId, Guid userId, string period, string? timeZone)
    {
        if (!BehaviorPeriods.Days.ContainsKey(period))
        {
            throw new ValidationException("period", $"One of {string.Join(", ", BehaviorPeriods.Days.Keys)}.");
        }

        var zone = timeZone is null ? null : TimeZones.Require(timeZone);
        var started = Stopwatch.GetTimestamp();
        var (subject, data, now) = await LoadAsync(tenantId, userId);
        subject = zone is null ? subject : subject with { TimeZone = zone };
        var analysis = BehaviorCalculator.Analyze(tenantId, userId, period, data, subject, now);
        if (period == BehaviorPeriods.Monthly)
        {
            await User(userId).RecordEngagementAsync(tenantId, analysis.EngagementScore.Score, analysis.ActivityStats.TotalActivities);
        }

        BehaviorMetrics.Analysis("behavior", Stopwatch.GetElapsedTime(started));
        return analysis;
    }

    public async Task<UserInsights> InsightsAsync(Guid tenantId, Guid userId)
    {
        var started = Stopwatch.GetTimestamp();
        var (subject, data, now) = await LoadAsync(tenantId, userId);
        var weekly = BehaviorCalculator.Analyze(tenantId, userId, BehaviorPeriods.Weekly, data, subject, now);
        var monthly = BehaviorCalculator.Analyze(tenantId, userId, BehaviorPeriods.Monthly, data, subject, now);
        var quarterly = BehaviorCalculator.Analyze(tenantId, userId, BehaviorPeriods.Quarterly, data, subject, now);
        var score = monthly.EngagementScore.Score;
        var activity = monthly.ActivityStats.TotalActivities;
        await User(userId).RecordEngagementAsync(tenantId, score, activity);
        var peers = await source.PeersAsync(tenantId, userId, score, activity);
        var insights = InsightsCalculator.Build(weekly, monthly, quarterly, peers, BehaviorCalculator.ObservedDays(data, now), now);
        BehaviorMetrics.Analysis("insights", Stopwatch.GetElapsedTime(started));
        return insights;
    }

    public async Task<RecommendationList> RecommendAsync(Guid tenantId, Guid userId, string type)
    {
        if (!RecommendationTypes.All.Contains(type))
        {
            throw new ValidationException("type", $"One of {string.Join(", ", RecommendationTypes.All)}.");
        }

        var started = Stopwatch.GetTimestamp();
        var (subject, data, now) = await LoadAsync(tenantId, userId);
        var monthly = BehaviorCalculator.Analyze(tenantId, userId, BehaviorPeriods.Monthly, data, subject, now);
        var items = type switch
        {
            RecommendationTypes.Models => RecommendationCalculator.FromCandidates(
                await source.CandidatesAsync(tenantId, userId, "model", now, RecommendationLimit), "model", monthly.ModelUsage.FavoriteModel),
            RecommendationTypes.Features => RecommendationCalculator.FromCandidates(
                await source.CandidatesAsync(tenantId, userId, "feature", now, RecommendationLimit), "feature", monthly.FeaturePreferences.FirstOrDefault()?.Name),
            _ => RecommendationCalculator.Settings(monthly, subject),
        };
        BehaviorMetrics.Analysis("recommendations", Stopwatch.GetElapsedTime(started));
        return new RecommendationList { UserId = userId, Type = type, GeneratedAt = now, Items = items };
    }

    private async Task<(AnalysisSubject Subject, BehaviorData Data, DateTimeOffset Now)> LoadAsync(Guid tenantId, Guid userId)
    {
        var subject = await User(userId).PrepareAnalysisAsync(tenantId)
            ?? throw NotFoundException.User(userId);
        var now = clock.UtcNow;
        return (subject, await source.LoadAsync(tenantId, userId, now), now);
    }

    private IUserGrain User(Guid userId) => GrainFactory.GetGrain<IUserGrain>(userId);
}
