namespace Lyss.UserGrains.Behavior;

/// <summary>One model's share of a user's model calls.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.ModelUsageItem")]
public sealed record ModelUsageItem
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required long UsageCount { get; init; }
    [Id(2)] public required long TotalTokens { get; init; }
    [Id(3)] public required decimal TotalCost { get; init; }
    [Id(4)] public required double Percentage { get; init; }

    /// <summary>Who serves it, as the latest model_usage named it.</summary>
    [Id(5)] public string? Provider { get; init; }

    /// <summary>Mean seconds it took to answer, over the activities that reported <c>details.response_time</c>.</summary>
    [Id(6)] public double? AvgResponseTime { get; init; }

    /// <summary>How many activities reported an answer time.</summary>
    [Id(7)] public long ResponsesTimed { get; init; }
}
