namespace Lyss.UserGrains.Sharing;

[GenerateSerializer, Immutable, Alias("lyss.sharing.ShareView")]
public sealed record ShareView
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required Guid FromUserId { get; init; }
    [Id(2)] public Guid? ToUserId { get; init; }
    [Id(3)] public Guid? ToTeamId { get; init; }
    [Id(4)] public required string ResourceType { get; init; }
    [Id(5)] public required string ResourceId { get; init; }
    [Id(6)] public string? Message { get; init; }
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }
}
