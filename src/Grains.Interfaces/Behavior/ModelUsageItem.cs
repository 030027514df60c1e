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
}
