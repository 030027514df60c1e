namespace Lyss.UserGrains.Behavior;

/// <summary>Which models a user called in a period.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.ModelUsageStats")]
public sealed record ModelUsageStats
{
    /// <summary>Most used first.</summary>
    [Id(0)] public required IReadOnlyList<ModelUsageItem> Models { get; init; }
    [Id(1)] public string? FavoriteModel { get; init; }
    [Id(2)] public required long TotalModelCalls { get; init; }
    [Id(3)] public required int UniqueModelsUsed { get; init; }
}
