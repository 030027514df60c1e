namespace Lyss.UserGrains.Teams;

[GenerateSerializer, Immutable, Alias("lyss.teams.TeamMemberView")]
public sealed record TeamMemberView(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] TeamRole Role,
    [property: Id(2)] DateTimeOffset JoinedAt);
