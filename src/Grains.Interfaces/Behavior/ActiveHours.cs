namespace Lyss.UserGrains.Behavior;

/// <summary>When a user is active, by hour of day in the user's time zone.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.ActiveHours")]
public sealed record ActiveHours
{
    [Id(0)] public required string TimeZone { get; init; }
    /// <summary>Hour 0-23 → activities.</summary>
    [Id(1)] public required IReadOnlyList<long> Hourly { get; init; }
    /// <summary>Up to three busiest hours, busiest first.</summary>
    [Id(2)] public required IReadOnlyList<int> PeakHours { get; init; }
}
