using Lyss.UserGrains.Teams;

namespace Lyss.UserGrains.Grains.Teams;

[GenerateSerializer, Alias("lyss.teams.TeamState")]
public sealed class TeamState
{
    public const string StateName = "team";

    /// <summary>A team's members are bounded: big groups are tenants' roles, not teams.</summary>
    public const int MaxMembers = 500;

    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public Guid TenantId { get; set; }
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public string? CreatedBy { get; set; }
    [Id(5)] public Dictionary<Guid, TeamMemberState> Members { get; set; } = [];
}
