using Lyss.UserGrains.Common;
using Dapper;
using Lyss.UserGrains.Teams;
using Npgsql;

namespace Lyss.UserGrains.Grains.Teams;

/// <summary>The <c>teams</c> and <c>team_members</c> read models, rewritten per team in one transaction and listed per tenant.</summary>
public sealed class TeamStore(NpgsqlDataSource dataSource)
{
    public async Task SaveAsync(TeamView team)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO teams (id, tenant_id, name, created_by, created_at) VALUES (@Id, @TenantId, @Name, @CreatedBy, @CreatedAt)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name
            """, new { team.Id, team.TenantId, team.Name, team.CreatedBy, team.CreatedAt }, tx);
        await connection.ExecuteAsync("DELETE FROM team_members WHERE team_id = @Id", new { team.Id }, tx);
        await connection.ExecuteAsync(
            "INSERT INTO team_members (team_id, user_id, tenant_id, role, joined_at) VALUES (@TeamId, @UserId, @TenantId, @Role, @JoinedAt)",
            team.Members.Select(m => new { TeamId = team.Id, m.UserId, team.TenantId, Role = WireName.Of(m.Role), m.JoinedAt }).ToList(), tx);
        await tx.CommitAsync();
    }

    public async Task DeleteAsync(Guid teamId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM team_members WHERE team_id = @teamId; DELETE FROM teams WHERE id = @teamId;", new { teamId });
    }

    /// <summary>The ids of a tenant's teams, or of those <paramref name="userId"/> is in, by name (at most 500).</summary>
    public async Task<List<Guid>> ListIdsAsync(Guid tenantId, Guid? userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var ids = await connection.QueryAsync<Guid>(
            userId is null
                ? "SELECT id FROM teams WHERE tenant_id = @tenantId ORDER BY name, id LIMIT 500"
                : "SELECT t.id FROM teams t JOIN team_members m ON m.team_id = t.id WHERE t.tenant_id = @tenantId AND m.user_id = @userId ORDER BY t.name, t.id LIMIT 500",
            new { tenantId, userId });
        return [.. ids];
    }
}
