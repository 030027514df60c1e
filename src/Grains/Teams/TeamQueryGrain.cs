using Lyss.UserGrains.Teams;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Teams;

[StatelessWorker]
public sealed class TeamQueryGrain(TeamStore store) : Grain, ITeamQueryGrain
{
    public async Task<IReadOnlyList<TeamView>> ListAsync(Guid tenantId, Guid? userId)
    {
        var ids = await store.ListIdsAsync(tenantId, userId);
        var teams = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<ITeamGrain>(id).GetAsync()));
        return [.. teams.OfType<TeamView>()];
    }
}
