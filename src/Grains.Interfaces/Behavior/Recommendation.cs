namespace Lyss.UserGrains.Behavior;

/// <summary>One recommended model, feature or setting, with why.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.Recommendation")]
public sealed record Recommendation
{
    /// <summary>A model or feature name, or a setting as <c>category.key</c>.</summary>
    [Id(0)] public required string Item { get; init; }
    /// <summary>The suggested value of a setting (JSON).</summary>
    [Id(1)] public string? Value { get; init; }
    /// <summary>0-1: how strongly the data supports it.</summary>
    [Id(2)] public required double Score { get; init; }
    [Id(3)] public required string Reason { get; init; }
}
