namespace Lyss.UserGrains.Activities;

/// <summary>Admin statistics for one tenant, from the hourly rollup.</summary>
[GenerateSerializer, Immutable, Alias("lyss.activities.ActivityStatistics")]
public sealed record ActivityStatistics
{
    [Id(0)] public required int Days { get; init; }
    [Id(1)] public required long TodayActivities { get; init; }
    [Id(2)] public required long TotalActivities { get; init; }
    [Id(3)] public required long ActiveUsers { get; init; }
    [Id(4)] public required IReadOnlyList<KeyValuePair<string, long>> ActivityTypes { get; init; }
    [Id(5)] public required IReadOnlyList<KeyValuePair<string, long>> DailyTrend { get; init; }
    [Id(6)] public required IReadOnlyList<KeyValuePair<Guid, long>> TopUsers { get; init; }
}
