using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Grains.Hosting;
using Lyss.UserGrains.Silo.Hosting;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;
using StackExchange.Redis;
using static Lyss.UserGrains.Tests.Grains.Users.UserTestData;

namespace Lyss.UserGrains.Tests.Grains.Activities;

/// <summary>Nothing acknowledged is lost, nothing is doubled: silo shutdown and a PostgreSQL outage under load.</summary>
[Trait("Needs", "Services")]
[Trait("Speed", "Slow")]
public sealed class ActivityDurabilityTests
{
    [Fact]
    public async Task A_graceful_silo_shutdown_under_load_loses_no_acknowledged_activity()
    {
        var postgres = await TestDatabase.ConnectionStringAsync();
        await using var cluster = BuildCluster(postgres, redis: null, spillQueue: null);
        await cluster.DeployAsync();
        var tenant = await NewTenantAsync(cluster.Client);
        var users = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            users.Add((await RegisterAsync(cluster.Client, tenant, autoActivate: true)).User.Id);
        }

        var load = new ActivityLoad(cluster.Client, tenant, users);
        var running = load.RunAsync(TimeSpan.FromSeconds(10), loops: 4, batch: 20, pause: TimeSpan.FromMilliseconds(5));
        await Eventually.MatchAsync(() => Task.FromResult(load.Acknowledged.Count), n => n > 2000, TimeSpan.FromSeconds(30), "load to build up");
        await cluster.StopSiloAsync(cluster.Silos[0]);
        await running;

        Assert.True(load.Acknowledged.Count > 2000);
        // Calls cut by the stopping silo fail (a client still connecting to it sees the connection fail, or for a
        // moment finds no silo in its view to place a grain on); nothing else may.
        Assert.Equal("", load.UnexpectedKinds(
            nameof(SiloUnavailableException), nameof(OrleansMessageRejectionException), nameof(TimeoutException),
            nameof(Orleans.Runtime.Messaging.ConnectionFailedException), ActivityLoad.NoSiloInView));
        var stored = await StoredIdsAsync(postgres, users);
        Assert.Empty(load.Acknowledged.Except(stored));
    }

    [Fact]
    public async Task PostgreSQL_down_for_30_seconds_under_load_loses_nothing_and_doubles_nothing()
    {
        // Its own PostgreSQL: stopping the shared one would break every other test.
        var port = FreePorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["LYSS_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LYSS_STATE_DIR"] = $"/var/tmp/lyss-usergrains-outage-{port}",
        };
        await TestServices.RunServicesScriptAsync(environment, "pg-up");
        try
        {
            await TestServices.RunServicesScriptAsync(environment, "migrate", "--db", "lyss_outage");
            var postgres = $"Host={TestServices.PgHost};Port={port};Database=lyss_outage;Username={TestServices.AppUser};Password={TestServices.AppPassword};Timeout=3;Command Timeout=10";
            var spillQueue = "test_spill_" + Guid.NewGuid().ToString("N");
            await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
            await using var cluster = BuildCluster(postgres, redis, spillQueue);
            await cluster.DeployAsync();
            var tenant = await NewTenantAsync(cluster.Client);
            var users = new List<Guid>();
            for (var i = 0; i < 8; i++)
            {
                users.Add((await RegisterAsync(cluster.Client, tenant, autoActivate: true)).User.Id);
                // Activate each grain's counters while PostgreSQL is still up.
                await cluster.Client.GetGrain<IUserGrain>(users[^1]).GetActivitySummaryAsync(tenant, 1);
            }

            var load = new ActivityLoad(cluster.Client, tenant, users);
            var running = load.RunAsync(TimeSpan.FromSeconds(40), loops: 4, batch: 10, pause: TimeSpan.FromMilliseconds(20));
            await Task.Delay(TimeSpan.FromSeconds(3));
            await TestServices.RunServicesScriptAsync(environment, "pg-down");
            var downAt = load.Acknowledged.Count;
            var downSince = DateTime.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(30));
            var spilled = await redis.GetDatabase().ListLengthAsync(spillQueue);
            await TestServices.RunServicesScriptAsync(environment, "pg-up");
            await running;

            Assert.True(load.Acknowledged.Count - downAt > 1000, "load went on while PostgreSQL was down");
            // Until the first connect times out (3 s) the writer cannot know PostgreSQL is gone, and this cluster's
            // memory limit (2,000 rows) can fill meanwhile: those calls are refused (503), never lost. Nothing else fails.
            Assert.Equal("", load.Unexpected(typeof(Lyss.UserGrains.Errors.UnavailableException)));
            // Refusals come before the writer knows PostgreSQL is gone and, on a loaded machine, while it replays the
            // spill after PostgreSQL returns (memory full meanwhile); how many depends on the machine's speed.
            var refused = load.Failures.GetValueOrDefault(nameof(Lyss.UserGrains.Errors.UnavailableException));
            // Calls of 10 rows: at most a tenth of the rows refused.
            Assert.True(refused * 10 * 10 < load.Acknowledged.Count, $"{refused} calls refused, {load.Acknowledged.Count} rows acknowledged (last {load.LastFailureAt.GetValueOrDefault(nameof(Lyss.UserGrains.Errors.UnavailableException)) - downSince} into the outage)");
            Assert.Equal(0, load.NotAccepted);
            Assert.True(spilled > 0, "batches spilled to Redis during the outage");
            var acknowledged = load.Acknowledged.ToHashSet();
            var stored = await Eventually.MatchAsync(
                () => StoredIdsAsync(postgres, users),
                ids => ids.Count >= acknowledged.Count,
                TimeSpan.FromSeconds(90),
                "every acknowledged activity in PostgreSQL");
            Assert.Empty(acknowledged.Except(stored));
            Assert.Equal(await CountRowsAsync(postgres, users), stored.Count);
            // Where a replay could count twice: the rollup sums exactly the stored rows.
            Assert.Equal(stored.Count, await HourlySumAsync(postgres, users));
            var (featureRows, dailyUses) = await FeatureUsesAsync(postgres, users);
            Assert.True(featureRows > 0, "the load held feature uses");
            Assert.Equal(featureRows, dailyUses);
            Assert.Equal(0, await redis.GetDatabase().ListLengthAsync(spillQueue));
        }
        finally
        {
            await TestServices.RunServicesScriptAsync(environment, "pg-down");
            // Each run makes its own instance on a free port; leave no data folder behind.
            Directory.Delete(environment["LYSS_STATE_DIR"], recursive: true);
        }
    }

    [Fact]
    public async Task Redis_down_ingestion_goes_on_both_down_503_at_the_memory_limit_and_every_acknowledged_row_is_stored_after()
    {
        // Its own PostgreSQL and Redis: stopping the shared ones would break every other test.
        var (pgPort, redisPort) = (FreePorts.Next(), FreePorts.Next());
        var environment = new Dictionary<string, string>
        {
            ["LYSS_PG_PORT"] = pgPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LYSS_REDIS_PORT"] = redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LYSS_STATE_DIR"] = $"/var/tmp/lyss-usergrains-faults-{pgPort}",
        };
        await TestServices.RunServicesScriptAsync(environment, "pg-up");
        await TestServices.RunServicesScriptAsync(environment, "redis-up");
        try
        {
            await TestServices.RunServicesScriptAsync(environment, "migrate", "--db", "lyss_faults");
            var postgres = $"Host={TestServices.PgHost};Port={pgPort};Database=lyss_faults;Username={TestServices.AppUser};Password={TestServices.AppPassword};Timeout=3;Command Timeout=10";
            var options = ConfigurationOptions.Parse($"127.0.0.1:{redisPort}");
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 1000;
            options.SyncTimeout = 1000;
            options.AsyncTimeout = 1000;
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            await using var cluster = BuildCluster(postgres, redis, "fault_spill");
            await cluster.DeployAsync();
            var writer = cluster.Silos[0].ServiceProvider.GetRequiredService<ActivityWriter>();
            var tenant = await NewTenantAsync(cluster.Client);
            var users = new List<IUserGrain>();
            for (var i = 0; i < 4; i++)
            {
                var user = cluster.Client.GetGrain<IUserGrain>((await RegisterAsync(cluster.Client, tenant, autoActivate: true)).User.Id);
                await user.GetActivitySummaryAsync(tenant, 1);
                users.Add(user);
            }

            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<Guid>();
            var (refused, other) = (0, 0);
            async Task SendAsync(int rounds)
            {
                for (var r = 0; r < rounds; r++)
                {
                    await Task.WhenAll(users.Select(async user =>
                    {
                        try
                        {
                            var batch = Enumerable.Range(0, 25).Select(i => new Lyss.UserGrains.Activities.TrackActivity { ActivityType = "case_view", ResourceId = $"c{i}" }).ToList();
                            foreach (var result in await user.TrackBatchAsync(batch, tenant, Lyss.UserGrains.Activities.AckMode.Buffered))
                            {
                                acknowledged.Add(result.Id!.Value);
                            }
                        }
                        catch (Lyss.UserGrains.Errors.UnavailableException)
                        {
                            Interlocked.Increment(ref refused);
                        }
                        catch (Exception)
                        {
                            Interlocked.Increment(ref other);
                        }
                    }));
                }
            }

            // Redis down, PostgreSQL up: nothing is refused, everything is stored.
            await TestServices.RunServicesScriptAsync(environment, "redis-down");
            await SendAsync(20);
            Assert.Equal((0, 0), (refused, other));
            var beforeOutage = acknowledged.ToHashSet();
            await Eventually.MatchAsync(() => StoredIdsAsync(postgres, [.. users.Select(u => u.GetPrimaryKey())]), ids => ids.IsSupersetOf(beforeOutage), TimeSpan.FromSeconds(30), "rows stored with Redis down");

            // Both down: a durable write cannot be confirmed (503 outcome_unknown, its id given); buffered writes
            // are taken until memory holds its limit, then refused; memory never holds more.
            await TestServices.RunServicesScriptAsync(environment, "pg-down");
            var unknown = await Assert.ThrowsAsync<Lyss.UserGrains.Errors.OutcomeUnknownException>(() => users[1].TrackAsync(
                new Lyss.UserGrains.Activities.TrackActivity { ActivityType = "case_view", MessageId = "durable-in-outage", Ack = Lyss.UserGrains.Activities.AckMode.Durable }, tenant));
            Assert.Equal("outcome_unknown", unknown.Code);
            acknowledged.Add(Assert.Single(unknown.ActivityIds));
            var peak = 0L;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, writer.QueuedRows);
                    await Task.Delay(10);
                }
            });
            await SendAsync(40);
            await sampling.CancelAsync();
            await sampler;
            Assert.True(refused > 0, "writes refused once memory held its limit");
            // Any other write meanwhile is a 503 the caller can retry, not an internal error.
            var outage = await Assert.ThrowsAsync<Lyss.UserGrains.Errors.UnavailableException>(
                () => users[0].LockAsync(DateTimeOffset.UtcNow.AddHours(1), "outage", Lyss.UserGrains.Common.ActorContext.System(tenant)));
            Assert.Equal("store_unavailable", outage.Code);
            Assert.InRange(peak, 1, 2_000);
            Assert.Equal(0, other);

            // Redis back first: what memory holds moves to the spill (so no write is left to notice PostgreSQL's
            // return: the writer must probe for it); then PostgreSQL: every acknowledged row is stored.
            await TestServices.RunServicesScriptAsync(environment, "redis-up");
            await Eventually.MatchAsync(() => Task.FromResult(writer.QueuedRows), n => n == 0, TimeSpan.FromSeconds(30), "memory spilled to Redis");
            await TestServices.RunServicesScriptAsync(environment, "pg-up");
            var all = acknowledged.ToHashSet();
            HashSet<Guid> stored;
            try
            {
                stored = await Eventually.MatchAsync(
                    () => StoredIdsAsync(postgres, [.. users.Select(u => u.GetPrimaryKey())]), ids => ids.IsSupersetOf(all), TimeSpan.FromSeconds(60), "every acknowledged row stored");
            }
            catch (TimeoutException)
            {
                var now = await StoredIdsAsync(postgres, [.. users.Select(u => u.GetPrimaryKey())]);
                Assert.Fail($"{all.Except(now).Count()} of {all.Count} acknowledged rows missing; writer: {writer.GetStats()}");
                throw;
            }

            Assert.Equal(stored.Count, await CountRowsAsync(postgres, [.. users.Select(u => u.GetPrimaryKey())]));
        }
        finally
        {
            await TestServices.RunServicesScriptAsync(environment, "redis-down");
            await TestServices.RunServicesScriptAsync(environment, "pg-down");
            Directory.Delete(environment["LYSS_STATE_DIR"], recursive: true);
        }
    }

    [Fact]
    public async Task Two_silos_replaying_one_spill_store_every_row_once_and_honour_erasures_made_meanwhile()
    {
        var postgres = await TestDatabase.ConnectionStringAsync();
        var spillQueue = "test_spill_" + Guid.NewGuid().ToString("N");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        var tenant = Guid.NewGuid();
        var users = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        var (anonymized, deleted) = (users[0], users[1]);
        var at = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(0, 6_000).Select(i => new ActivityRecord
        {
            Id = ActivityIds.Create(at),
            UserId = users[i % users.Count],
            TenantId = tenant,
            ActivityType = "page_view",
            ResourceId = $"r{i}",
            IpAddress = "198.51.100.4",
            UserAgent = "spilled-agent",
            OccurredAt = at,
            ReceivedAt = at,
        }).ToList();
        // Spilled before the two users were erased; replayed after.
        await redis.GetDatabase().ListRightPushAsync(spillQueue, [.. rows.Select(r => (RedisValue)System.Text.Json.JsonSerializer.Serialize(r))]);
        await using (var connection = new NpgsqlConnection(postgres))
        {
            await connection.OpenAsync();
            await using var erase = new NpgsqlCommand(
                "INSERT INTO erased_users (user_id, mode, erased_at) VALUES (@a, 'anonymize', now()), (@d, 'hard', now())", connection);
            erase.Parameters.AddWithValue("a", anonymized);
            erase.Parameters.AddWithValue("d", deleted);
            await erase.ExecuteNonQueryAsync();
        }

        await using var cluster = BuildCluster(postgres, redis, spillQueue, silos: 2);
        await cluster.DeployAsync();
        var expected = rows.Count(r => r.UserId != deleted);
        var stored = await Eventually.MatchAsync(() => StoredIdsAsync(postgres, users), ids => ids.Count >= expected, TimeSpan.FromSeconds(60), "the spill replayed");
        await Eventually.MatchAsync(async () => await redis.GetDatabase().ListLengthAsync(spillQueue), n => n == 0, TimeSpan.FromSeconds(30), "the spill empty");

        Assert.Equal(rows.Where(r => r.UserId != deleted).Select(r => r.Id).ToHashSet(), stored);
        Assert.Equal(expected, await CountRowsAsync(postgres, users));
        await using var check = new NpgsqlConnection(postgres);
        await check.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT coalesce(sum(activities), 0) FROM user_activity_hourly WHERE tenant_id = @tenant),
                   (SELECT count(*) FROM user_activities WHERE user_id = @a AND (ip_address IS NOT NULL OR user_agent IS NOT NULL)),
                   (SELECT count(*) FROM user_activities WHERE user_id = @a)
            """, check);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("a", anonymized);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(expected, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
        Assert.Equal(rows.Count(r => r.UserId == anonymized), reader.GetInt64(2));
        var leftovers = redis.GetServers()[0].Keys(pattern: spillQueue + ":processing:*").ToList();
        Assert.Empty(leftovers);
    }

    private static InProcessTestCluster BuildCluster(string postgres, IConnectionMultiplexer? redis, string? spillQueue, short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddLyssPostgresStorage(postgres);
            silo.AddLyssGrains(postgres);
            if (redis is not null)
            {
                silo.Services.AddSingleton(redis);
            }

            silo.Services.Configure<Lyss.UserGrains.Grains.Users.UserOptions>(o => o.DurableAckTimeout = TimeSpan.FromSeconds(2));
            silo.Services.Configure<ActivityWriterOptions>(o =>
            {
                o.BatchSize = 500;
                o.ProcessInterval = TimeSpan.FromMilliseconds(50);
                o.MemoryQueueLimit = 2_000;
                o.FullQueueWait = TimeSpan.FromMilliseconds(200);
                o.SpillQueue = spillQueue ?? o.SpillQueue;
            });
        });
        return builder.Build();
    }

    private static async Task<HashSet<Guid>> StoredIdsAsync(string postgres, List<Guid> users)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM user_activities WHERE user_id = ANY(@users)", connection);
        command.Parameters.AddWithValue("users", users.ToArray());
        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static async Task<long> HourlySumAsync(string postgres, List<Guid> users)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(activities), 0)::bigint FROM user_activity_hourly WHERE user_id = ANY(@users)", connection);
        command.Parameters.AddWithValue("users", users.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Stored feature_usage rows and what the daily usage rollup counted of them.</summary>
    private static async Task<(long Rows, long Uses)> FeatureUsesAsync(string postgres, List<Guid> users)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM user_activities WHERE user_id = ANY(@users) AND activity_type = 'feature_usage'),
                   (SELECT coalesce(sum(uses), 0)::bigint FROM user_usage_daily WHERE user_id = ANY(@users) AND kind = 'feature')
            """, connection);
        command.Parameters.AddWithValue("users", users.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<long> CountRowsAsync(string postgres, List<Guid> users)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM user_activities WHERE user_id = ANY(@users)", connection);
        command.Parameters.AddWithValue("users", users.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
