namespace Lyss.UserGrains.Gateway.Activities;

/// <summary>A user's activity over the last days, from its counters: per day (yyyy-MM-dd), per type and per hour of day (00-23).</summary>
public sealed record ActivitySummaryResponse(
    Guid UserId,
    int Days,
    ActivityBasicStats BasicStats,
    IReadOnlyDictionary<string, long> DailyDistribution,
    IReadOnlyDictionary<string, long> ActivityTypes,
    IReadOnlyDictionary<string, long> ActivityBreakdown,
    IReadOnlyDictionary<string, long> HourlyPattern,
    ModelUsageTotals ModelUsage,
    IReadOnlyList<ActivityResponse> RecentActivities);
