using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Tests.Infrastructure;
using Npgsql;

namespace Lyss.UserGrains.Tests.Grains.Activities;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class ActivityStoreTests(PostgresClusterFixture fixture)
{
    private static readonly string[] Types = ["case_view", "case_update", "model_usage", "feature_usage"];

    [Fact]
    public async Task Concurrent_batches_over_the_same_rollup_rows_neither_deadlock_nor_lose_counts()
    {
        // The silo's writer keeps two batches in flight. Here two batches touch the same users' hourly
        // and usage rows, one in the opposite row order of the other, as often happens under load;
        // upserting in row order deadlocked, key order does not.
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        var store = new ActivityStore(dataSource);
        var tenant = Guid.NewGuid();
        var users = Enumerable.Range(0, 150).Select(_ => Guid.NewGuid()).ToList();
        var at = DateTimeOffset.UtcNow;
        const int rounds = 8;
        for (var round = 0; round < rounds; round++)
        {
            var forward = users.SelectMany(u => Types.Select(t => Row(tenant, u, t, at))).ToList();
            var backward = Enumerable.Reverse(forward).Select(r => Row(tenant, r.UserId, r.ActivityType, at)).ToList();
            var written = await Task.WhenAll(store.WriteAsync(forward, CancellationToken.None), store.WriteAsync(backward, CancellationToken.None));
            Assert.Equal([forward.Count, backward.Count], written);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var hourly = new NpgsqlCommand(
            "SELECT count(*) FROM user_activity_hourly WHERE tenant_id = @tenant", connection);
        hourly.Parameters.AddWithValue("tenant", tenant);
        await using (var reader = await hourly.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            // One row per user and type (the hour may roll over between rounds: then two, summing the same).
            Assert.InRange(reader.GetInt64(0), users.Count * Types.Length, users.Count * Types.Length * 2);
        }

        await using var sums = new NpgsqlCommand(
            """
            SELECT (SELECT sum(activities) FROM user_activity_hourly WHERE tenant_id = @tenant),
                   (SELECT sum(uses) FROM user_usage_daily WHERE tenant_id = @tenant)
            """, connection);
        sums.Parameters.AddWithValue("tenant", tenant);
        await using var totals = await sums.ExecuteReaderAsync();
        await totals.ReadAsync();
        Assert.Equal(rounds * 2L * users.Count * Types.Length, totals.GetDecimal(0));
        Assert.Equal(rounds * 2L * users.Count * 2, totals.GetDecimal(1));
    }

    private static ActivityRecord Row(Guid tenant, Guid user, string type, DateTimeOffset at) => new()
    {
        Id = ActivityIds.Create(at),
        UserId = user,
        TenantId = tenant,
        ActivityType = type,
        ResourceId = type is "model_usage" ? "gpt-4o" : "ai_summary",
        OccurredAt = at,
        ReceivedAt = at,
        Model = type is "model_usage" ? "gpt-4o" : null,
        Feature = type is "feature_usage" ? "ai_summary" : null,
    };
}
