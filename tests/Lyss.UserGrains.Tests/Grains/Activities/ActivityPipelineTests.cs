using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Activities;

[Trait("Needs", "Services")]
[Collection(PostgresClusterCollection.Name)]
public sealed class ActivityPipelineTests(PostgresClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private async Task<(Guid Tenant, Guid User)> ActiveUserAsync()
    {
        var tenant = await NewTenantAsync(Grains);
        return (tenant, (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id);
    }

    [Fact]
    public async Task Tracked_activities_count_at_once_and_reach_postgres_after_the_flush()
    {
        var (tenant, id) = await ActiveUserAsync();
        var user = Grains.GetGrain<IUserGrain>(id);
        var buffered = await user.TrackCaseActionAsync(tenant, "view", "case-456");
        Assert.Equal(TrackStatus.Accepted, buffered.Status);
        Assert.Equal(Durability.Buffered, buffered.Durability);
        var summary = (await user.GetActivitySummaryAsync(tenant, 1))!;
        Assert.Equal(1, summary.TotalActivities);
        Assert.Equal("case-456", summary.RecentActivities[0].ResourceId);

        await Eventually.MatchAsync(() => CountRowsAsync(id), n => n == 1, TimeSpan.FromSeconds(30), "the buffered row in PostgreSQL");

        var durable = await user.TrackLoginAsync(tenant, success: true, ipAddress: "198.51.100.4");
        Assert.Equal(Durability.Committed, durable.Durability);
        Assert.Equal(2, await CountRowsAsync(id));
        Assert.NotNull((await user.GetAsync())!.LastLoginAt);
        Assert.True((await user.GetPresenceAsync())!.Online);
    }

    [Fact]
    public async Task A_repeated_message_id_is_a_duplicate_with_the_first_id_even_after_reactivation()
    {
        var (tenant, id) = await ActiveUserAsync();
        var user = Grains.GetGrain<IUserGrain>(id);
        var activity = new TrackActivity { ActivityType = "feature_usage", MessageId = "msg-1", Ack = AckMode.Durable };
        var first = await user.TrackAsync(activity, tenant);
        var again = await user.TrackAsync(activity, tenant);
        Assert.Equal(TrackStatus.Duplicate, again.Status);
        Assert.Equal(first.Id, again.Id);

        await fixture.Cluster.DeactivateAsync(user);
        var afterRestart = await user.TrackAsync(activity, tenant);
        Assert.Equal(TrackStatus.Duplicate, afterRestart.Status);
        Assert.Equal(first.Id, afterRestart.Id);
        Assert.Equal(1, await CountRowsAsync(id));
        Assert.Equal(1, (await user.GetActivitySummaryAsync(tenant, 1))!.TotalActivities);
    }

    [Fact]
    public async Task A_replayed_batch_is_not_doubled_in_rows_or_in_the_rollup()
    {
        var (tenant, id) = await ActiveUserAsync();
        var store = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<ActivityStore>();
        var now = DateTimeOffset.UtcNow;
        var batch = Enumerable.Range(0, 10).Select(i => new ActivityRecord
        {
            Id = Guid.CreateVersion7(now),
            UserId = id,
            TenantId = tenant,
            ActivityType = "case_view",
            MessageId = i % 2 == 0 ? $"replay-{i}" : null,
            OccurredAt = now,
            ReceivedAt = now,
            // Keyed rows reach the rollup through the staging table, which carries cost in millionths.
            Tokens = i == 0 ? 1200 : 0,
            Cost = i == 0 ? 0.123457m : 0,
            // Four model uses and two feature uses for the daily usage rollup.
            Model = i < 4 ? "gpt-4o" : null,
            Feature = i >= 8 ? "export" : null,
        }).ToList();

        Assert.Equal(10, await store.WriteAsync(batch, CancellationToken.None));
        Assert.Equal(0, await store.WriteAsync(batch, CancellationToken.None));
        // The same keys under new ids (a client retry that reached another path) are dropped too.
        var retried = batch.Where(b => b.MessageId is not null).Select(b => b with { Id = Guid.CreateVersion7() }).ToList();
        Assert.Equal(0, await store.WriteAsync(retried, CancellationToken.None));

        Assert.Equal(10, await CountRowsAsync(id));
        Assert.Equal(10L, await ScalarAsync("SELECT sum(activities) FROM user_activity_hourly WHERE user_id = @p", id));
        Assert.Equal(1200L, await ScalarAsync("SELECT sum(tokens) FROM user_activity_hourly WHERE user_id = @p", id));
        Assert.Equal(123457L, await ScalarAsync("SELECT sum(cost) * 1000000 FROM user_activity_hourly WHERE user_id = @p", id));
        Assert.Equal(4L, await ScalarAsync("SELECT sum(uses) FROM user_usage_daily WHERE user_id = @p AND kind = 'model'", id));
        Assert.Equal(1200L, await ScalarAsync("SELECT sum(tokens) FROM user_usage_daily WHERE user_id = @p AND kind = 'model'", id));
        Assert.Equal(2L, await ScalarAsync("SELECT sum(uses) FROM user_usage_daily WHERE user_id = @p AND kind = 'feature'", id));
    }

    [Fact]
    public async Task Summaries_equal_what_postgres_holds_after_deactivation_and_a_silo_restart()
    {
        await using var cluster = PostgresClusterFixture.BuildCluster(fixture.ConnectionString, silos: 1);
        await cluster.DeployAsync();
        var tenant = await NewTenantAsync(cluster.Client);
        var id = (await RegisterAsync(cluster.Client, tenant, autoActivate: true)).User.Id;
        var user = cluster.Client.GetGrain<IUserGrain>(id);
        var types = new[] { "case_view", "case_update", "document_review", "chat_message", "feature_usage" };
        for (var i = 0; i < 40; i++)
        {
            await user.TrackAsync(new TrackActivity { ActivityType = types[i % types.Length], ResourceId = $"r-{i}" }, tenant);
        }

        await user.TrackModelUsageAsync(tenant, "gpt-x", 1500, 0.25m);
        var before = (await user.GetActivitySummaryAsync(tenant, 7))!;
        Assert.Equal(41, before.TotalActivities);

        await cluster.DeactivateAsync(user);
        var reactivated = (await user.GetActivitySummaryAsync(tenant, 7))!;
        AssertSameCounts(before, reactivated);

        await cluster.StopSiloAsync(cluster.Silos[0]);
        await cluster.StartAdditionalSiloAsync();
        var restarted = (await Eventually.SucceedsAsync(() => cluster.Client.GetGrain<IUserGrain>(id).GetActivitySummaryAsync(tenant, 7), TimeSpan.FromSeconds(30), "the restarted silo"))!;
        AssertSameCounts(before, restarted);

        var stored = await TypeCountsAsync(id);
        Assert.Equal(stored, restarted.ActivityTypes.ToDictionary(t => t.Key, t => t.Value));
        Assert.Equal(1500, restarted.ModelTokens);
        Assert.Equal(0.25m, restarted.ModelCost);
        Assert.Equal(41L, await ScalarAsync("SELECT sum(total_activities) FROM user_statistics WHERE user_id = @p", id));
        Assert.Equal(1500L, await ScalarAsync("SELECT sum(total_tokens) FROM user_statistics WHERE user_id = @p", id));
        Assert.Equal(8L, await ScalarAsync("SELECT sum(total_messages) FROM user_statistics WHERE user_id = @p", id));
    }

    [Fact]
    public async Task Invalid_items_are_rejected_one_by_one_naming_the_field_and_the_rest_accepted()
    {
        var (tenant, id) = await ActiveUserAsync();
        var results = await Grains.GetGrain<IUserGrain>(id).TrackBatchAsync(
        [
            new TrackActivity { ActivityType = "Not Valid" },
            new TrackActivity { ActivityType = "case_view", Details = "[1,2]" },
            new TrackActivity { ActivityType = "case_view", IpAddress = "999.1.1.1" },
            new TrackActivity { ActivityType = "tenant_custom_event", OccurredAt = DateTimeOffset.UtcNow.AddYears(-3) },
        ], tenant, AckMode.Durable);

        Assert.Equal(new[] { "activity_type", "details", "ip_address", null }, results.Select(r => r.Field));
        Assert.Equal(TrackStatus.Accepted, results[3].Status);
        var occurred = await ScalarAsync("SELECT extract(epoch FROM received_at - occurred_at)::bigint FROM user_activities WHERE user_id = @p", id);
        Assert.InRange(occurred, TimeSpan.FromDays(7).TotalSeconds - 5, TimeSpan.FromDays(7).TotalSeconds + 5);
    }

    [Fact]
    public async Task Details_are_refused_beyond_16_KiB_of_UTF_8_or_when_not_exactly_one_JSON_object()
    {
        var (tenant, id) = await ActiveUserAsync();
        static string Json(string filler) => $$"""{"t":"{{filler}}"}""";
        var results = await Grains.GetGrain<IUserGrain>(id).TrackBatchAsync(
        [
            new TrackActivity { ActivityType = "case_view", Details = Json(new string('a', (16 * 1024) - 8)) },
            new TrackActivity { ActivityType = "case_view", Details = Json(new string('\u00e9', 8_200)) },
            new TrackActivity { ActivityType = "case_view", Details = Json(new string('a', 16 * 1024)) },
            new TrackActivity { ActivityType = "case_view", Details = """{"a":{"b":[1,2]}}""" },
            new TrackActivity { ActivityType = "case_view", Details = """{"a":1}{"b":2}""" },
            new TrackActivity { ActivityType = "case_view", Details = """{"a":1""" },
        ], tenant, AckMode.Buffered);

        // Exactly 16,384 bytes pass; 8,208 characters that are 16,408 bytes of UTF-8 do not.
        Assert.Equal(
            new[] { TrackStatus.Accepted, TrackStatus.Rejected, TrackStatus.Rejected, TrackStatus.Accepted, TrackStatus.Rejected, TrackStatus.Rejected },
            results.Select(r => r.Status));
        Assert.Equal("At most 16 KiB of JSON.", results[1].Error);
        Assert.Equal("At most 16 KiB of JSON.", results[2].Error);
        Assert.Equal("Must be a JSON object.", results[4].Error);
        Assert.All(results.Where(r => r.Status == TrackStatus.Rejected), r => Assert.Equal("details", r.Field));
    }

    [Fact]
    public async Task Activities_of_a_tenant_the_user_is_not_in_are_refused()
    {
        var (_, id) = await ActiveUserAsync();
        await Assert.ThrowsAsync<Lyss.UserGrains.Errors.NotFoundException>(
            () => Grains.GetGrain<IUserGrain>(id).TrackAsync(new TrackActivity { ActivityType = "case_view" }, Guid.NewGuid()));
        Assert.Null(await Grains.GetGrain<IUserGrain>(id).GetActivitySummaryAsync(Guid.NewGuid(), 7));
    }

    [Fact]
    public async Task Anonymization_nulls_the_ip_and_agent_of_past_activities_and_keeps_the_counts()
    {
        var (tenant, id) = await ActiveUserAsync();
        var user = Grains.GetGrain<IUserGrain>(id);
        await user.TrackAsync(new TrackActivity { ActivityType = "case_view", IpAddress = "203.0.113.9", UserAgent = "Browser/1" }, tenant);
        await user.DeleteAsync(DeleteType.Anonymize, Admin(tenant));

        Assert.Equal(1, await CountRowsAsync(id));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM user_activities WHERE user_id = @p AND (ip_address IS NOT NULL OR user_agent IS NOT NULL)", id));
        var summary = (await user.GetActivitySummaryAsync(tenant, 1))!;
        Assert.Equal(1, summary.TotalActivities);
        // The recent list reloaded from the scrubbed store: the activity is there, without its address or agent.
        var recent = Assert.Single(summary.RecentActivities);
        Assert.Null(recent.IpAddress);
        Assert.Null(recent.UserAgent);
    }

    [Fact]
    public async Task Anonymization_under_load_waits_for_every_batch_the_writer_holds_in_flight()
    {
        // Other users' batches keep the writer's two connections busy, so a user's rows can sit in a
        // batch that finishes after a later one; the scrub must still come after all of them.
        var tenant = await NewTenantAsync(Grains);
        var busy = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            busy.Add((await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id);
        }

        using var stop = new CancellationTokenSource();
        var load = new ActivityLoad(Grains, tenant, busy);
        var loading = load.RunAsync(TimeSpan.FromSeconds(30), loops: 4, batch: 400, pause: TimeSpan.Zero, stop.Token);
        var scrubbed = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var id = (await RegisterAsync(Grains, tenant, autoActivate: true)).User.Id;
            var user = Grains.GetGrain<IUserGrain>(id);
            var rows = Enumerable.Range(0, 300).Select(n => new TrackActivity { ActivityType = "case_view", ResourceId = $"c{n}", IpAddress = "203.0.113.9", UserAgent = "Browser/1" }).ToList();
            Assert.All(await user.TrackBatchAsync(rows, tenant, AckMode.Buffered), r => Assert.Equal(TrackStatus.Accepted, r.Status));
            await user.DeleteAsync(DeleteType.Anonymize, Admin(tenant));
            scrubbed.Add(id);
        }

        await stop.CancelAsync();
        await loading;
        // The point of the load: the writer was busy with other batches the whole time.
        Assert.True(load.Acknowledged.Count >= 4_000, $"load ran ({load.Acknowledged.Count} acknowledged)");
        Assert.Equal("", load.Unexpected());
        Assert.Equal(0, load.NotAccepted);
        foreach (var id in scrubbed)
        {
            Assert.Equal(300, await CountRowsAsync(id));
            Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM user_activities WHERE user_id = @p AND (ip_address IS NOT NULL OR user_agent IS NOT NULL)", id));
        }
    }

    [Fact]
    public async Task Chats_with_their_own_session_ids_are_stored_as_separate_conversations()
    {
        var (tenant, id) = await ActiveUserAsync();
        var user = Grains.GetGrain<IUserGrain>(id);
        foreach (var session in new[] { "conv-a", "conv-b", "conv-a" })
        {
            await user.TrackAsync(new TrackActivity { ActivityType = "chat_message", SessionId = session, Ack = AckMode.Durable }, tenant);
        }

        Assert.Equal(2L, await ScalarAsync("SELECT count(DISTINCT client_session_id) FROM conversation_sessions WHERE user_id = @p AND client_session_id IN ('conv-a', 'conv-b')", id));
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM conversation_sessions WHERE user_id = @p", id));
    }

    [Fact]
    public async Task Anonymization_clears_conversation_topics_alert_addresses_and_login_locations()
    {
        var (tenant, id) = await ActiveUserAsync();
        var user = Grains.GetGrain<IUserGrain>(id);
        const string Paris = """{"success":true,"geo":{"country":"FR","lat":48.85,"lon":2.35}}""";
        await user.TrackAsync(new TrackActivity { ActivityType = "login", Details = Paris, IpAddress = "203.0.113.9", UserAgent = "Browser/1" }, tenant);
        await user.TrackAsync(new TrackActivity { ActivityType = "login", Details = Paris, IpAddress = "198.51.100.20", UserAgent = "Browser/1" }, tenant);
        await user.TrackAsync(new TrackActivity { ActivityType = "chat_message", Details = """{"topic":"salary talks","title":"My raise"}""", Ack = AckMode.Durable }, tenant);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM conversation_sessions WHERE user_id = @p AND topic = 'salary talks'", id));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM security_alerts WHERE user_id = @p AND type = 'new_device' AND evidence ? 'ip_address'", id));

        await user.DeleteAsync(DeleteType.Anonymize, Admin(tenant));

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM conversation_sessions WHERE user_id = @p AND message_count = 1", id));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM conversation_sessions WHERE user_id = @p AND (topic IS NOT NULL OR title IS NOT NULL)", id));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM security_alerts WHERE user_id = @p AND type = 'new_device'", id));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM security_alerts WHERE user_id = @p AND evidence ?| ARRAY['ip_address', 'user_agent']", id));
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM user_activities WHERE user_id = @p AND activity_type = 'login' AND details ? 'success'", id));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM user_activities WHERE user_id = @p AND details ? 'geo'", id));
    }

    [Fact]
    public async Task Every_field_of_a_tracked_activity_arrives_in_postgresql_as_sent()
    {
        var (tenant, id) = await ActiveUserAsync();
        var user = Grains.GetGrain<IUserGrain>(id);
        var occurred = DateTimeOffset.UtcNow.AddMinutes(-3);
        var full = await user.TrackAsync(new TrackActivity
        {
            ActivityType = "document_review", ResourceType = "document", ResourceId = "doc-é-42",
            Details = """{"pages":3,"note":"ünïcode ✓"}""", IpAddress = "2001:db8::7", UserAgent = "Browser/2 (测试)",
            SessionId = "sess-1", OccurredAt = occurred, Ack = AckMode.Durable,
        }, tenant);
        var bare = await user.TrackAsync(new TrackActivity { ActivityType = "case_view", IpAddress = "203.0.113.250", Ack = AckMode.Durable }, tenant);

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT user_id, tenant_id, activity_type, resource_type, resource_id, details::text, host(ip_address), family(ip_address),
                   user_agent, session_id, message_id, occurred_at, received_at
            FROM user_activities WHERE id = @id
            """, connection);
        command.Parameters.AddWithValue("id", full.Id!.Value);
        await using (var row = await command.ExecuteReaderAsync())
        {
            Assert.True(await row.ReadAsync());
            Assert.Equal(id, row.GetGuid(0));
            Assert.Equal(tenant, row.GetGuid(1));
            Assert.Equal(["document_review", "document", "doc-é-42"], new[] { row.GetString(2), row.GetString(3), row.GetString(4) });
            Assert.Equal("""{"note": "ünïcode ✓", "pages": 3}""", row.GetString(5));
            Assert.Equal(("2001:db8::7", 6), (row.GetString(6), row.GetInt32(7)));
            Assert.Equal(("Browser/2 (测试)", "sess-1"), (row.GetString(8), row.GetString(9)));
            Assert.True(row.IsDBNull(10));
            Assert.Equal(occurred.UtcTicks / 10, row.GetFieldValue<DateTimeOffset>(11).UtcTicks / 10);
            Assert.InRange(row.GetFieldValue<DateTimeOffset>(12), occurred, DateTimeOffset.UtcNow.AddSeconds(5));
        }

        command.Parameters["id"].Value = bare.Id!.Value;
        await using (var row = await command.ExecuteReaderAsync())
        {
            Assert.True(await row.ReadAsync());
            Assert.Equal("case_view", row.GetString(2));
            Assert.True(row.IsDBNull(3) && row.IsDBNull(4) && row.IsDBNull(5) && row.IsDBNull(8) && row.IsDBNull(9));
            Assert.Equal(("203.0.113.250", 4), (row.GetString(6), row.GetInt32(7)));
        }
    }

    private static void AssertSameCounts(ActivitySummary expected, ActivitySummary actual)
    {
        Assert.Equal(expected.TotalActivities, actual.TotalActivities);
        Assert.Equal(expected.ActivityTypes.OrderBy(t => t.Key), actual.ActivityTypes.OrderBy(t => t.Key));
        Assert.Equal(expected.DailyDistribution, actual.DailyDistribution);
        Assert.Equal(expected.HourlyPattern, actual.HourlyPattern);
        Assert.Equal(expected.ModelTokens, actual.ModelTokens);
        Assert.Equal(expected.RecentActivities.Select(a => a.Id), actual.RecentActivities.Select(a => a.Id));
    }

    private async Task<long> CountRowsAsync(Guid userId) => await ScalarAsync("SELECT count(*) FROM user_activities WHERE user_id = @p", userId);

    private async Task<Dictionary<string, long>> TypeCountsAsync(Guid userId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT activity_type, count(*) FROM user_activities WHERE user_id = @p GROUP BY 1", connection);
        command.Parameters.AddWithValue("p", userId);
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private async Task<long> ScalarAsync(string sql, Guid p)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", p);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
