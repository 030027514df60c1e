namespace Lyss.UserGrains.Relationships;

/// <summary>The relationship between two users in one tenant, as seen from <see cref="From"/>.</summary>
[GenerateSerializer, Immutable, Alias("lyss.relationships.RelationshipView")]
public sealed record RelationshipView
{
    [Id(0)] public required Guid From { get; init; }
    [Id(1)] public required Guid To { get; init; }
    [Id(2)] public bool Following { get; init; }
    [Id(3)] public bool FollowedBy { get; init; }

    /// <summary>none, requested (by From), pending (for From to answer), or accepted.</summary>
    [Id(4)] public string Friendship { get; init; } = "none";
    [Id(5)] public bool Blocking { get; init; }
    [Id(6)] public bool BlockedBy { get; init; }
}
