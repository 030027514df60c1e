namespace Lyss.UserGrains.Behavior;

/// <summary>Sessions by message count: short 1-5 (or none), medium 6-20, long 21+.</summary>
[GenerateSerializer, Immutable, Alias("lyss.behavior.LengthDistribution")]
public sealed record LengthDistribution
{
    [Id(0)] public required long Short { get; init; }
    [Id(1)] public required long Medium { get; init; }
    [Id(2)] public required long Long { get; init; }
}
