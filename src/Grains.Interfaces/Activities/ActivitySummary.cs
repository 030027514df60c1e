namespace Lyss.UserGrains.Activities;

/// <summary>A user's activity summary, answered from the grain's counters.</summary>
[GenerateSerializer, Immutable, Alias("lyss.activities.ActivitySummary")]
public sealed record ActivitySummary
{
    [Id(0)] public required int Days { get; init; }
    [Id(1)] public required long TotalActivities { get; init; }
    [Id(2)] public required int ActiveDays { get; init; }
    [Id(3)] public DateTimeOffset? LastActivityAt { get; init; }

    /// <summary>UTC day (yyyy-MM-dd) → count, oldest first, days without activity omitted.</summary>
    [Id(4)] public required IReadOnlyList<KeyValuePair<string, long>> DailyDistribution { get; init; }

    /// <summary>Activity type → count, largest first.</summary>
    [Id(5)] public required IReadOnlyList<KeyValuePair<string, long>> ActivityTypes { get; init; }

    /// <summary>Hour of day 0-23 (UTC) → count.</summary>
    [Id(6)] public required IReadOnlyList<long> HourlyPattern { get; init; }

    [Id(7)] public required IReadOnlyList<ActivityView> RecentActivities { get; init; }
    [Id(8)] public long ModelTokens { get; init; }
    [Id(9)] public decimal ModelCost { get; init; }
}
