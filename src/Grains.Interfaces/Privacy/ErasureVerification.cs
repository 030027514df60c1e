namespace Lyss.UserGrains.Privacy;

/// <summary>
/// The search after an erasure: every column the inventory classifies personal, for the former email
/// and phone anywhere and for the name and addresses in the user's own rows; and the spill lists.
/// </summary>
[GenerateSerializer, Immutable, Alias("lyss.privacy.ErasureVerification")]
public sealed record ErasureVerification
{
    [Id(0)] public required int ColumnsSearched { get; init; }

    /// <summary>Spilled rows searched (0 when no spill is configured).</summary>
    [Id(1)] public required long SpillSearched { get; init; }

    [Id(2)] public required IReadOnlyList<ErasureMatch> Matches { get; init; }
}
