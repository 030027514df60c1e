using Lyss.UserGrains.Activities;
using System.Runtime.InteropServices;
using Dapper;
using Npgsql;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// Writes batches of activities and their rollups in one transaction, so a batch is in completely
/// or not at all. Rows go into <c>user_activities</c> by binary COPY, straight or (keyed rows and
/// replays) through a session-local staging table from which one statement moves only the rows not
/// stored yet. The rows that went in, and only those, are then added to the hourly rollup (by the
/// hour the activity occurred, so late rows count on their own day) and the daily model and feature
/// usage, in one place (<see cref="AddToRollupAsync"/>). Rollup rows are upserted in key order, so
/// concurrent batches lock shared rows in the same order instead of deadlocking.
/// </summary>
public sealed class ActivityStore(NpgsqlDataSource dataSource)
{
    private const string Merge =
        """
        WITH fresh_keys AS (
            INSERT INTO activity_message_ids (user_id, message_id, activity_id, received_at)
            SELECT DISTINCT ON (user_id, message_id) user_id, message_id, id, received_at
            FROM activity_staging WHERE message_id IS NOT NULL
            ORDER BY user_id, message_id, received_at
            ON CONFLICT DO NOTHING
            RETURNING activity_id
        ),
        inserted AS (
            INSERT INTO user_activities (id, user_id, tenant_id, activity_type, resource_type, resource_id, details,
                                         ip_address, user_agent, session_id, message_id, occurred_at, received_at)
            SELECT s.id, s.user_id, s.tenant_id, s.activity_type, s.resource_type, s.resource_id, s.details,
                   s.ip_address, s.user_agent, s.session_id, s.message_id, s.occurred_at, s.received_at
            FROM activity_staging s
            WHERE s.message_id IS NULL OR s.id IN (SELECT activity_id FROM fresh_keys)
            ON CONFLICT DO NOTHING
            RETURNING id
        )
        SELECT id FROM inserted
        """;

    /// <summary>
    /// Writes a batch; returns how many rows were new (the rest were duplicates). Fresh rows
    /// without an idempotency key cannot collide (new UUIDv7s), so they are copied straight into
    /// <c>user_activities</c> and their rollup is summed here; keyed rows and replays take the
    /// staging path, which skips whatever is already stored. Should a straight copy meet a
    /// duplicate (a batch whose commit succeeded but was not confirmed), the whole batch is
    /// retried through staging.
    /// </summary>
    public async Task<int> WriteAsync(IReadOnlyList<ActivityRecord> batch, CancellationToken cancellationToken, bool replay = false)
    {
        if (!replay)
        {
            try
            {
                return await WriteFreshAsync(batch, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Fall through to the path that skips rows already stored.
            }
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await StageAndMergeAsync(connection, tx, batch, cancellationToken, replay);
        await tx.CommitAsync(cancellationToken);
        return inserted;
    }

    private async Task<int> WriteFreshAsync(IReadOnlyList<ActivityRecord> batch, CancellationToken cancellationToken)
    {
        var keyed = batch.Where(a => a.MessageId is not null).ToList();
        var plain = keyed.Count == 0 ? batch : batch.Where(a => a.MessageId is null).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = 0;
        if (plain.Count > 0)
        {
            await ActivityCopyFormat.CopyAsync(connection, plain, cancellationToken);
            await AddToRollupAsync(connection, tx, plain, cancellationToken);
            inserted += plain.Count;
        }

        if (keyed.Count > 0)
        {
            inserted += await StageAndMergeAsync(connection, tx, keyed, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return inserted;
    }

    private static async Task<int> StageAndMergeAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ActivityRecord> batch, CancellationToken cancellationToken, bool replay = false)
    {
        await connection.ExecuteAsync(
            $$"""
            CREATE TEMP TABLE IF NOT EXISTS activity_staging (
                id uuid, user_id uuid, tenant_id uuid, activity_type varchar({{ActivityLimits.ActivityTypeLength}}), resource_type varchar({{ActivityLimits.ResourceTypeLength}}),
                resource_id varchar({{ActivityLimits.ResourceIdLength}}), details jsonb, ip_address inet, user_agent varchar({{ActivityLimits.UserAgentLength}}),
                session_id varchar({{ActivityLimits.SessionIdLength}}), message_id varchar({{ActivityLimits.MessageIdLength}}), occurred_at timestamptz,
                received_at timestamptz
            ) ON COMMIT DELETE ROWS
            """, transaction: tx);
        await ActivityCopyFormat.CopyToStagingAsync(connection, batch, cancellationToken);
        if (!replay)
        {
            return await MergeAsync(connection, tx, batch, cancellationToken);
        }

        // Rows spilled before their user was erased: a hard-deleted user's are dropped, an anonymized
        // user's are stored and then scrubbed like the rest of theirs (one definition: scrub_user_pii).
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM activity_staging s USING erased_users e WHERE s.user_id = e.user_id AND e.mode = 'hard'",
            transaction: tx, cancellationToken: cancellationToken));
        var inserted = await MergeAsync(connection, tx, batch, cancellationToken);
        // Rows of a visitor spilled before it was linked to a user: moved to that user like the rest of its history.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT link_visitor(l.tenant_id, l.visitor_id, l.user_id) FROM visitor_links l WHERE l.visitor_id IN (SELECT DISTINCT user_id FROM activity_staging)",
            transaction: tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            SELECT scrub_user_pii(e.user_id) FROM erased_users e
            WHERE e.mode = 'anonymize' AND e.user_id IN (SELECT DISTINCT user_id FROM activity_staging)
            """,
            transaction: tx, cancellationToken: cancellationToken));
        return inserted;
    }

    /// <summary>Moves the staged rows not stored yet into <c>user_activities</c> and rolls up exactly those.</summary>
    private static async Task<int> MergeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ActivityRecord> batch, CancellationToken cancellationToken)
    {
        var stored = (await connection.QueryAsync<Guid>(new CommandDefinition(Merge, transaction: tx, cancellationToken: cancellationToken))).ToHashSet();
        if (stored.Count > 0)
        {
            await AddToRollupAsync(connection, tx, stored.Count == batch.Count ? batch : [.. batch.Where(a => stored.Contains(a.Id))], cancellationToken);
        }

        return stored.Count;
    }

    /// <summary>The hourly rollup (and daily usage) of rows known to be new, summed here and upserted in one statement each.</summary>
    private static async Task AddToRollupAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ActivityRecord> rows, CancellationToken cancellationToken)
    {
        await AddToUsageAsync(connection, tx, rows, cancellationToken);
        // One pass with a dictionary: grouping with LINQ cost a few per cent of the silo's CPU when ingesting.
        var groups = new Dictionary<(Guid TenantId, Guid UserId, DateTime Hour, string Type), Sums>();
        foreach (var a in rows)
        {
            var hour = new DateTime(a.OccurredAt.UtcTicks - (a.OccurredAt.UtcTicks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
            CollectionsMarshal.GetValueRefOrAddDefault(groups, (a.TenantId, a.UserId, hour, a.ActivityType), out _).Add(a);
        }

        var (tenants, users, hours, types) = (new Guid[groups.Count], new Guid[groups.Count], new DateTime[groups.Count], new string[groups.Count]);
        var (counts, tokens, costs) = (new long[groups.Count], new long[groups.Count], new decimal[groups.Count]);
        var i = 0;
        foreach (var (key, sums) in groups)
        {
            (tenants[i], users[i], hours[i], types[i]) = key;
            (counts[i], tokens[i], costs[i]) = (sums.Count, sums.Tokens, sums.Cost);
            i++;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO user_activity_hourly AS h (tenant_id, user_id, hour, activity_type, activities, tokens, cost)
            SELECT * FROM unnest(@tenants, @users, @hours, @types, @counts, @tokens, @costs) AS x(t, u, h, a, n, k, c)
            ORDER BY u, t, h, a
            ON CONFLICT (user_id, tenant_id, hour, activity_type) DO UPDATE
                SET activities = h.activities + EXCLUDED.activities,
                    tokens = h.tokens + EXCLUDED.tokens,
                    cost = h.cost + EXCLUDED.cost
            """,
            new { tenants, users, hours, types, counts, tokens, costs },
            tx,
            cancellationToken: cancellationToken));
    }

    private static async Task AddToUsageAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ActivityRecord> rows, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<(Guid UserId, Guid TenantId, DateTime Day, string Kind, string Name), UsageSums>();
        foreach (var a in rows)
        {
            var day = a.OccurredAt.UtcDateTime.Date;
            if (a.Model is not null)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(groups, (a.UserId, a.TenantId, day, "model", a.Model), out _).AddUse(a);
            }

            // A chat_message reports its model's answer time without being a call of it.
            if (a is { ResponseModel: { } timed, ResponseTime: { } answered })
            {
                CollectionsMarshal.GetValueRefOrAddDefault(groups, (a.UserId, a.TenantId, day, "model", timed), out _).AddResponse(answered);
            }

            if (a.Feature is not null)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(groups, (a.UserId, a.TenantId, day, "feature", a.Feature), out _).AddUse(a);
            }
        }

        if (groups.Count == 0)
        {
            return;
        }

        var (users, tenants, days, kinds, names) = (new Guid[groups.Count], new Guid[groups.Count], new DateTime[groups.Count], new string[groups.Count], new string[groups.Count]);
        var (uses, tokens, costs) = (new long[groups.Count], new long[groups.Count], new decimal[groups.Count]);
        var (providers, responses, seconds) = (new string?[groups.Count], new long[groups.Count], new double[groups.Count]);
        var i = 0;
        foreach (var (key, sums) in groups)
        {
            (users[i], tenants[i], kinds[i], names[i]) = (key.UserId, key.TenantId, key.Kind, key.Name);
            days[i] = DateTime.SpecifyKind(key.Day, DateTimeKind.Utc);
            (uses[i], tokens[i], costs[i]) = (sums.Count, sums.Tokens, sums.Cost);
            (providers[i], responses[i], seconds[i]) = (sums.Provider, sums.Responses, sums.ResponseSeconds);
            i++;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO user_usage_daily AS u (user_id, tenant_id, day, kind, name, uses, tokens, cost, provider, responses, response_seconds)
            SELECT x.u, x.t, (x.d AT TIME ZONE 'UTC')::date, x.k, x.n, x.us, x.tk, x.c, x.p, x.r, x.s
            FROM unnest(@users, @tenants, @days, @kinds, @names, @uses, @tokens, @costs, @providers, @responses, @seconds)
                AS x(u, t, d, k, n, us, tk, c, p, r, s)
            ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (user_id, tenant_id, day, kind, name) DO UPDATE
                SET uses = u.uses + EXCLUDED.uses,
                    tokens = u.tokens + EXCLUDED.tokens,
                    cost = u.cost + EXCLUDED.cost,
                    provider = coalesce(EXCLUDED.provider, u.provider),
                    responses = u.responses + EXCLUDED.responses,
                    response_seconds = u.response_seconds + EXCLUDED.response_seconds
            """,
            new { users, tenants, days, kinds, names, uses, tokens, costs, providers, responses, seconds },
            tx,
            cancellationToken: cancellationToken));
    }

    /// <summary>One round trip: whether PostgreSQL answers (the writer's probe after an outage).</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
    }

    /// <summary>Records that a user was erased, so rows of theirs replayed from the spill later are scrubbed or dropped.</summary>
    public static Task MarkErasedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid userId, string mode) =>
        connection.ExecuteAsync(
            """
            INSERT INTO erased_users (user_id, mode, erased_at) VALUES (@userId, @mode, now())
            ON CONFLICT (user_id) DO UPDATE SET mode = CASE WHEN erased_users.mode = 'hard' THEN 'hard' ELSE EXCLUDED.mode END, erased_at = now();
            DELETE FROM activity_dead_letters WHERE user_id = @userId;
            """,
            new { userId, mode }, tx);

    /// <summary>Monthly partitions for now and the next months, and retention of old ones.</summary>
    public async Task MaintainPartitionsAsync(int retentionMonths, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT ensure_activity_partitions(now(), 2)", cancellationToken: cancellationToken));
        if (retentionMonths > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT drop_activity_partitions(date_trunc('month', now()) - make_interval(months => @retentionMonths))",
                new { retentionMonths }, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM activity_message_ids WHERE received_at < now() - interval '8 days'", cancellationToken: cancellationToken));
        }
    }
}
