namespace Lyss.UserGrains.Privacy;

/// <summary>A column (or the spill) where the verification still found one of the person's values.</summary>
[GenerateSerializer, Immutable, Alias("lyss.privacy.ErasureMatch")]
public sealed record ErasureMatch(
    [property: Id(0)] string Store,
    [property: Id(1)] string Column,
    [property: Id(2)] long Count);
