namespace Lyss.UserGrains.Behavior;

/// <summary>A named thing (topic, feature, activity type) with how often it was used and its share.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.UsageItem")]
public sealed record UsageItem
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required long Uses { get; init; }
    [Id(2)] public required double Percentage { get; init; }
}
