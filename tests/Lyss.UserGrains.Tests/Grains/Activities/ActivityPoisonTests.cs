using System.Diagnostics;
using Dapper;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lyss.UserGrains.Tests.Grains.Activities;

/// <summary>
/// Rows PostgreSQL refuses for their content, handed to the silo's writer behind the grains'
/// checks (as a row from an older spill or a future bug would arrive): the rest is stored, the
/// refused rows are dead letters, and the writer goes on for every tenant.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class ActivityPoisonTests(PostgresClusterFixture fixture)
{
    private ActivityWriter Writer => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<ActivityWriter>();

    [Fact]
    public async Task Poison_among_ten_thousand_rows_is_dead_lettered_the_rest_stored_and_the_writer_stays_healthy()
    {
        var tenant = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(0, 10_000).Select(i => Row(tenant, now, $"r{i}")).ToList();
        // A NUL in text (22021), a NUL escape in jsonb (22P05), a sum no column holds (22003), first, inside and last.
        var poison = new[]
        {
            Row(tenant, now, "a\0b"),
            Row(tenant, now, "ok") with { Details = """{"x":"\u0000"}""" },
            Row(tenant, now, "big") with { ActivityType = ActivityTypes.ModelUsage, Cost = 10_000_000_000_000_000_000m, Model = "m" },
        };
        rows.Insert(0, poison[0]);
        rows.Insert(5000, poison[1]);
        rows.Add(poison[2]);

        Assert.Equal(Durability.Committed, await Writer.EnqueueAsync(rows, durable: true).WaitAsync(TimeSpan.FromSeconds(60)));

        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(10_000, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM user_activities WHERE tenant_id = @tenant", new { tenant }));
        Assert.Equal(10_000, await connection.ExecuteScalarAsync<long>("SELECT sum(activities) FROM user_activity_hourly WHERE tenant_id = @tenant", new { tenant }));
        var dead = (await connection.QueryAsync<(Guid Id, string SqlState)>(
            "SELECT activity_id, sqlstate FROM activity_dead_letters WHERE tenant_id = @tenant", new { tenant })).ToList();
        Assert.Equal(poison.Select(p => p.Id).Order(), dead.Select(d => d.Id).Order());
        Assert.Contains(dead, d => d.SqlState == "22021");
        Assert.True(Writer.GetStats().PostgresHealthy);

        // Another tenant's next activity is stored as fast as ever.
        var other = Guid.NewGuid();
        var clock = Stopwatch.StartNew();
        Assert.Equal(Durability.Committed, await Writer.EnqueueAsync([Row(other, DateTimeOffset.UtcNow, "after")], durable: true));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM user_activities WHERE tenant_id = @other", new { other }));
    }

    [Fact]
    public async Task A_cost_too_large_for_any_column_is_dead_lettered_and_its_batch_stored()
    {
        var tenant = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var huge = Row(tenant, now, "m") with { ActivityType = ActivityTypes.ModelUsage, Cost = 10_000_000_000_000_000_000m, Model = "m" };
        Assert.Equal(Durability.Committed, await Writer.EnqueueAsync([Row(tenant, now, "a"), huge, Row(tenant, now, "b")], durable: true));

        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM user_activities WHERE tenant_id = @tenant", new { tenant }));
        Assert.Equal(huge.Id, await connection.ExecuteScalarAsync<Guid>("SELECT activity_id FROM activity_dead_letters WHERE tenant_id = @tenant", new { tenant }));
    }

    private static ActivityRecord Row(Guid tenant, DateTimeOffset at, string resource) => new()
    {
        Id = ActivityIds.Create(at),
        UserId = Guid.NewGuid(),
        TenantId = tenant,
        ActivityType = "page_view",
        ResourceId = resource,
        OccurredAt = at,
        ReceivedAt = at,
    };
}
