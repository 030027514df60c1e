namespace Lyss.UserGrains.Behavior;

/// <summary>The behaviour profile of 90 days: level, main functions, time pattern, risk.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.BehaviorProfile")]
public sealed record BehaviorProfile
{
    /// <summary><c>high</c> above 100 activities in 90 days, else <c>low</c>.</summary>
    [Id(0)] public required string ActivityLevel { get; init; }
    /// <summary>The three most used activity types.</summary>
    [Id(1)] public required IReadOnlyList<string> PrimaryFunctions { get; init; }
    /// <summary>business_hours, evening, night, mixed or none, from the user's local hours.</summary>
    [Id(2)] public required string UsagePattern { get; init; }
    /// <summary>0-100 from the period's security alerts: high 30, medium 15, low 5 each.</summary>
    [Id(3)] public required int RiskScore { get; init; }
}
