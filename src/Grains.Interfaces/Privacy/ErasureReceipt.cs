using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Privacy;

/// <summary>What an erasure did, per store, when and for whom, and what its verification found. Never a value of the person.</summary>
[GenerateSerializer, Immutable, Alias("lyss.privacy.ErasureReceipt")]
public sealed record ErasureReceipt
{
    [Id(0)] public required Guid UserId { get; init; }
    [Id(1)] public required DeleteType Mode { get; init; }
    [Id(2)] public required string RequestedBy { get; init; }
    [Id(3)] public required DateTimeOffset CompletedAt { get; init; }
    [Id(4)] public required IReadOnlyList<ErasureStep> Stores { get; init; }
    [Id(5)] public required ErasureVerification Verification { get; init; }
}
