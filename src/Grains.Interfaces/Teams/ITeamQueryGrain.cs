namespace Lyss.UserGrains.Teams;

[Alias("lyss.teams.ITeamQueryGrain")]
public interface ITeamQueryGrain : IGrainWithIntegerKey
{
    /// <summary>The teams of a tenant, or only those <paramref name="userId"/> belongs to.</summary>
    [Alias("List")]
    Task<IReadOnlyList<TeamView>> ListAsync(Guid tenantId, Guid? userId);
}
