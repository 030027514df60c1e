namespace Lyss.UserGrains.Behavior;

/// <summary>Activity statistics of one period.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.ActivityStats")]
public sealed record ActivityStats
{
    [Id(0)] public required long TotalActivities { get; init; }
    [Id(1)] public required long TotalSessions { get; init; }
    [Id(2)] public required long TotalMessages { get; init; }
    /// <summary>Minutes.</summary>
    [Id(3)] public required double AvgSessionDuration { get; init; }
    [Id(4)] public required int ActiveDays { get; init; }
    [Id(5)] public required double AvgSessionsPerDay { get; init; }
    [Id(6)] public required double AvgMessagesPerSession { get; init; }
    [Id(7)] public required long TotalTokens { get; init; }
    [Id(8)] public required decimal TotalCost { get; init; }
    /// <summary>The sessions' durations, at least a minute each (as user_statistics counts them).</summary>
    [Id(9)] public required long ActiveMinutes { get; init; }
}
