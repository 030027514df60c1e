namespace Lyss.UserGrains.Behavior;

/// <summary>An improvement suggestion: a stable code and a sentence.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.Suggestion")]
public sealed record Suggestion
{
    [Id(0)] public required string Code { get; init; }
    [Id(1)] public required string Message { get; init; }
}
