using Lyss.UserGrains.Teams;

namespace Lyss.UserGrains.Grains.Teams;

[GenerateSerializer, Alias("lyss.teams.TeamMemberState")]
public sealed class TeamMemberState
{
    [Id(0)] public TeamRole Role { get; set; }
    [Id(1)] public DateTimeOffset JoinedAt { get; set; }
}
