using Dapper;
using Lyss.UserGrains.Teams;
using Npgsql;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Teams;

[StatelessWorker]
public sealed class TeamQueryGrain(NpgsqlDataSource dataSource) : Grain, ITeamQueryGrain
{
    public async Task<IReadOnlyList<TeamView>> ListAsync(Guid tenantId, Guid? userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var ids = await connection.QueryAsync<Guid>(
            userId is null
                ? "SELECT id FROM teams WHERE tenant_id = @tenantId ORDER BY name, id LIMIT 500"
                : "SELECT t.id FROM teams t JOIN team_members m ON m.team_id = t.id WHERE t.tenant_id = @tenantId AND m.user_id = @userId ORDER BY t.name, t.id LIMIT 500",
            new { tenantId, userId });
        var teams = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<ITeamGrain>(id).GetAsync()));
        return [.. teams.OfType<TeamView>()];
    }
}
