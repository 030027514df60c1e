using Dapper;
using Lyss.UserGrains.Grains.Visitors;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Visitors;
using Npgsql;

namespace Lyss.UserGrains.Tests.Grains.Visitors;

/// <summary><c>link_visitor</c> on its own: the first link wins, a move happens once, and an erased user gets nothing back.</summary>
[Trait("Needs", "Services")]
public sealed class LinkVisitorTests
{
    [Fact]
    public async Task The_first_link_wins_and_the_history_moves_once_with_its_rollups()
    {
        var (tenant, user, other) = (Guid.NewGuid(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var visitor = VisitorIds.IdFor(tenant, "anon-" + Guid.NewGuid());
        await SeedVisitorRowsAsync(tenant, visitor, 3);
        var store = new VisitorStore(NpgsqlDataSource.Create(await TestDatabase.ConnectionStringAsync()));

        Assert.Equal((user, 3L), await store.LinkAsync(tenant, visitor, user));
        Assert.Equal((user, 0L), await store.LinkAsync(tenant, visitor, user));
        Assert.Equal((user, 0L), await store.LinkAsync(tenant, visitor, other)); // linked to its first user for good
        Assert.Equal(user, await store.LinkedUserAsync(visitor));

        await using var connection = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM user_activities WHERE user_id = @user", new { user }));
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT coalesce(sum(activities), 0)::bigint FROM user_activity_hourly WHERE user_id = @user", new { user }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM user_activity_hourly WHERE user_id = @visitor", new { visitor }));

        // Rows of the visitor spilled before the link and replayed after it move on the next call.
        await SeedVisitorRowsAsync(tenant, visitor, 2);
        Assert.Equal((user, 2L), await store.LinkAsync(tenant, visitor, other));
        Assert.Equal(5, await connection.ExecuteScalarAsync<long>("SELECT coalesce(sum(activities), 0)::bigint FROM user_activity_hourly WHERE user_id = @user", new { user }));
    }

    [Fact]
    public async Task Rows_replayed_after_the_user_was_erased_come_back_scrubbed_or_not_at_all()
    {
        var tenant = Guid.NewGuid();
        var store = new VisitorStore(NpgsqlDataSource.Create(await TestDatabase.ConnectionStringAsync()));
        await using var connection = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
        foreach (var mode in (string[])["hard", "anonymize"])
        {
            var user = Guid.CreateVersion7();
            var visitor = VisitorIds.IdFor(tenant, "anon-" + Guid.NewGuid());
            await store.LinkAsync(tenant, visitor, user);
            await connection.ExecuteAsync("INSERT INTO erased_users (user_id, mode, erased_at) VALUES (@user, @mode, now())", new { user, mode });
            await SeedVisitorRowsAsync(tenant, visitor, 2);
            await store.LinkAsync(tenant, visitor, user);
            var (rows, addresses) = await connection.QuerySingleAsync<(long, long)>(
                "SELECT count(*), count(ip_address) FROM user_activities WHERE user_id = @user OR user_id = @visitor", new { user, visitor });
            Assert.Equal(mode == "hard" ? (0L, 0L) : (2L, 0L), (rows, addresses));
        }
    }

    // Rows as the writer would have stored them under the visitor's id: activities with an address, and their hourly rollup.
    private static async Task SeedVisitorRowsAsync(Guid tenant, Guid visitor, int count)
    {
        await using var connection = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
        for (var i = 0; i < count; i++)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO user_activities (id, user_id, tenant_id, activity_type, ip_address, user_agent, occurred_at, received_at)
                VALUES (@id, @visitor, @tenant, 'page_view', '192.0.2.7', 'agent', now(), now())
                """,
                new { id = Guid.CreateVersion7(), visitor, tenant });
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO user_activity_hourly AS h (tenant_id, user_id, hour, activity_type, activities)
            VALUES (@tenant, @visitor, date_trunc('hour', now()), 'page_view', @count)
            ON CONFLICT (user_id, tenant_id, hour, activity_type) DO UPDATE SET activities = h.activities + EXCLUDED.activities
            """,
            new { tenant, visitor, count });
    }
}
