namespace Lyss.UserGrains.Privacy;

/// <summary>What an erasure did to one store: <c>deleted</c>, <c>scrubbed</c> or <c>removed</c> (keys), and to how many rows or keys.</summary>
[GenerateSerializer, Immutable, Alias("lyss.privacy.ErasureStep")]
public sealed record ErasureStep(
    [property: Id(0)] string Store,
    [property: Id(1)] string Action,
    [property: Id(2)] long Count);
