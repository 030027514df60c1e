using Lyss.UserGrains.Grains.ReadModels;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Users;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class ReadModelRebuildTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task Lost_read_model_rows_are_rebuilt_exactly_from_grain_state()
    {
        var tenant = await NewTenantAsync(fixture.Client);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = (await RegisterAsync(fixture.Client, tenant, autoActivate: i > 0)).User.Id;
            await fixture.Client.GetGrain<IUserGrain>(id).UpdateProfileAsync(new UpdateProfileCommand { Location = $"City {i}", Tags = ["a", "b"] }, Admin(tenant));
            ids.Add(id);
        }

        var before = await SnapshotAsync(tenant, ids);
        await ExecuteAsync(tenant, ids, """
            DELETE FROM tenant_members WHERE tenant_id = @tenant;
            DELETE FROM user_profiles WHERE user_id = ANY(@ids);
            DELETE FROM user_preferences WHERE user_id = ANY(@ids);
            DELETE FROM users WHERE id = ANY(@ids);
            DELETE FROM tenants WHERE id = @tenant;
            """);
        Assert.NotEqual(before, await SnapshotAsync(tenant, ids));

        var rebuilder = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<ReadModelRebuilder>();
        var (users, tenants) = await rebuilder.RebuildAsync(fixture.ServiceId);

        Assert.True(users >= 3 && tenants >= 1);
        Assert.Equal(before, await SnapshotAsync(tenant, ids));
    }

    private async Task<string> SnapshotAsync(Guid tenant, List<Guid> ids)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(string_agg(line, E'\n' ORDER BY line), '') FROM (
                SELECT u::text AS line FROM users u WHERE id = ANY(@ids)
                UNION ALL SELECT m::text FROM tenant_members m WHERE tenant_id = @tenant
                UNION ALL SELECT p::text FROM user_profiles p WHERE user_id = ANY(@ids)
                UNION ALL SELECT (q.user_id, q.category, q.preference_key, q.preference_value, q.is_default)::text FROM user_preferences q WHERE user_id = ANY(@ids)
                UNION ALL SELECT (t.id, t.name, t.settings)::text FROM tenants t WHERE id = @tenant
            ) rows
            """, connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(Guid tenant, List<Guid> ids, string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await command.ExecuteNonQueryAsync();
    }
}
