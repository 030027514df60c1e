using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Teams;

/// <summary>One team inside one tenant: its name and members with their team roles.</summary>
[Alias("lyss.teams.ITeamGrain")]
public interface ITeamGrain : IGrainWithGuidKey
{
    /// <summary>Creates the team in <see cref="ActorContext.TenantId"/>; a creator who is a user becomes its lead.</summary>
    [Alias("Create")]
    Task<TeamView> CreateAsync(string name, ActorContext actor);

    [Alias("Get")]
    Task<TeamView?> GetAsync();

    [Alias("Rename")]
    Task<TeamView> RenameAsync(string name, ActorContext actor);

    [Alias("Delete")]
    Task DeleteAsync(ActorContext actor);

    /// <summary>Adds or changes a member; only members of the team's tenant can join.</summary>
    [Alias("SetMember")]
    Task<TeamView> SetMemberAsync(Guid userId, TeamRole role, ActorContext actor);

    [Alias("RemoveMember")]
    Task<TeamView> RemoveMemberAsync(Guid userId, ActorContext actor);
}
