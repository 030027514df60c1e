namespace Lyss.UserGrains.Sharing;

/// <summary>Share a resource with one user or one team of the sharer's tenant.</summary>
[GenerateSerializer, Immutable, Alias("lyss.sharing.ShareCommand")]
public sealed record ShareCommand
{
    [Id(0)] public required string ResourceType { get; init; }
    [Id(1)] public required string ResourceId { get; init; }
    [Id(2)] public string? Message { get; init; }
    [Id(3)] public Guid? UserId { get; init; }
    [Id(4)] public Guid? TeamId { get; init; }
}
