namespace Lyss.UserGrains.Gateway.Activities;

public sealed record ActivityStatisticsResponse(
    int Days,
    long TodayActivities,
    long TotalActivities,
    long ActiveUsers,
    IReadOnlyDictionary<string, long> ActivityBreakdown,
    IReadOnlyDictionary<string, long> DailyTrend,
    IReadOnlyList<UserActivityCount> TopUsers);
