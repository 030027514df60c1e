namespace Lyss.UserGrains.Teams;

[GenerateSerializer, Immutable, Alias("lyss.teams.TeamView")]
public sealed record TeamView
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required Guid TenantId { get; init; }
    [Id(2)] public required string Name { get; init; }
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public string? CreatedBy { get; init; }
    [Id(5)] public IReadOnlyList<TeamMemberView> Members { get; init; } = [];
}
