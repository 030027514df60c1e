using Dapper;
using Npgsql;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary><c>tenant_activity_types</c>: the custom types each tenant has used.</summary>
public sealed class ActivityTypeStore(NpgsqlDataSource dataSource)
{
    public async Task<HashSet<string>> LoadAsync(Guid tenantId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>("SELECT activity_type FROM tenant_activity_types WHERE tenant_id = @tenantId", new { tenantId })];
    }

    public async Task AddAsync(Guid tenantId, IReadOnlyList<string> types)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO tenant_activity_types (tenant_id, activity_type, first_seen) SELECT @tenantId, t, now() FROM unnest(@types) t ON CONFLICT DO NOTHING",
            new { tenantId, types = types.ToArray() });
    }
}
