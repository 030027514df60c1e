namespace Lyss.UserGrains.Behavior;

/// <summary>One metric's daily rate in the weekly, monthly and quarterly periods and where it is heading.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.TrendItem")]
public sealed record TrendItem
{
    [Id(0)] public required string Metric { get; init; }
    [Id(1)] public required double Weekly { get; init; }
    [Id(2)] public required double Monthly { get; init; }
    [Id(3)] public required double Quarterly { get; init; }
    /// <summary>Weekly against quarterly rate; null when the quarter had none.</summary>
    [Id(4)] public double? ChangePercent { get; init; }
    /// <summary>up, down (beyond ±10 %), stable, or new.</summary>
    [Id(5)] public required string Direction { get; init; }
}
