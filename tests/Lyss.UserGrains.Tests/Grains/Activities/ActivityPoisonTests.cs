using System.Diagnostics;
using Dapper;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Errors;
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
[Trait("Needs", "Services")]
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

    [Fact]
    public async Task Dead_letters_are_listed_per_tenant_retried_and_deleted()
    {
        var tenant = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var poison = Row(tenant, now, "a\0b");
        Assert.Equal(Durability.Committed, await Writer.EnqueueAsync([poison, Row(tenant, now, "fine")], durable: true).WaitAsync(TimeSpan.FromSeconds(60)));
        var query = fixture.Client.GetGrain<IActivityQueryGrain>(0);
        var page = await query.ListDeadLettersAsync(tenant, 50, 0);
        var letter = Assert.Single(page.Items);
        Assert.Equal((poison.Id, poison.UserId, "page_view", "22021"), (letter.ActivityId, letter.UserId, letter.ActivityType, letter.SqlState));
        Assert.InRange(letter.FailedAt, now.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Empty((await query.ListDeadLettersAsync(Guid.NewGuid(), 50, 0)).Items);

        // Refused again: it stays, with the new attempt's error.
        var again = await Assert.ThrowsAsync<ConflictException>(() => query.RetryDeadLetterAsync(tenant, letter.Id));
        Assert.Equal("still_refused", again.Code);
        Assert.Single((await query.ListDeadLettersAsync(tenant, 50, 0)).Items);
        // Another tenant cannot touch it.
        Assert.Equal("dead_letter_not_found", (await Assert.ThrowsAsync<NotFoundException>(() => query.DeleteDeadLetterAsync(Guid.NewGuid(), letter.Id))).Code);

        // Once the cause is gone (here: the row mended in place), a retry stores it and removes the letter.
        var mended = Row(tenant, now, "mended");
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE activity_dead_letters SET payload = @payload, activity_id = @activity WHERE id = @id",
            new { payload = System.Text.Json.JsonSerializer.Serialize(mended), activity = mended.Id, id = letter.Id });
        await query.RetryDeadLetterAsync(tenant, letter.Id);
        Assert.Empty((await query.ListDeadLettersAsync(tenant, 50, 0)).Items);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM user_activities WHERE id = @id", new { id = mended.Id }));

        // Delete abandons one.
        var other = Row(tenant, now, "b\0");
        await Writer.EnqueueAsync([other], durable: true).WaitAsync(TimeSpan.FromSeconds(60));
        var second = Assert.Single((await query.ListDeadLettersAsync(tenant, 50, 0)).Items);
        await query.DeleteDeadLetterAsync(tenant, second.Id);
        Assert.Empty((await query.ListDeadLettersAsync(tenant, 50, 0)).Items);
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
