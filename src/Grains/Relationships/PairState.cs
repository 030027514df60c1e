namespace Lyss.UserGrains.Grains.Relationships;

/// <summary>The relationship of a pair (Low, High ordered by id), both directions.</summary>
[GenerateSerializer, Alias("lyss.relationships.PairState")]
public sealed class PairState
{
    public const string StateName = "relationship";

    [Id(0)] public bool LowFollowsHigh { get; set; }
    [Id(1)] public bool HighFollowsLow { get; set; }

    /// <summary>Who asked for friendship while pending; null once friends or when none.</summary>
    [Id(2)] public Guid? FriendRequestedBy { get; set; }
    [Id(3)] public bool Friends { get; set; }
    [Id(4)] public bool LowBlocksHigh { get; set; }
    [Id(5)] public bool HighBlocksLow { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }
}
