using System.Text.Json;
using Dapper;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;
using Npgsql;

namespace Lyss.UserGrains.Grains.ReadModels;

/// <summary>The <c>tenants</c> read model, and a tenant's work over its <c>tenant_members</c> rows (scores, dormancy).</summary>
public sealed class TenantStore(NpgsqlDataSource dataSource)
{
    /// <summary>The tenant's read-model row, and with <paramref name="trail"/> its entry in the tenant's trail, in one transaction.</summary>
    public async Task UpsertAsync(TenantView tenant, TenantEvent? trail = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var settings = JsonSerializer.Serialize(new
        {
            auto_activate_users = tenant.AutoActivateUsers,
            default_role = tenant.DefaultRole,
            seat_limit = tenant.SeatLimit,
            allowed_email_domains = tenant.AllowedEmailDomains,
            dormancy_days = tenant.DormancyDays,
            deactivate_dormant_users = tenant.DeactivateDormantUsers,
            timezone = tenant.Timezone,
            language = tenant.Language,
        });
        await connection.ExecuteAsync(
            """
            INSERT INTO tenants (id, name, settings, created_by, created_at, updated_at)
            VALUES (@Id, @Name, @Settings::jsonb, @CreatedBy, @CreatedAt, now())
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, settings = EXCLUDED.settings, updated_at = now()
            """,
            new { tenant.Id, tenant.Name, Settings = settings, tenant.CreatedBy, tenant.CreatedAt },
            tx);
        if (trail is not null)
        {
            await AppendTrailAsync(connection, tx, tenant.Id, trail);
        }

        await tx.CommitAsync();
    }

    /// <summary>One entry of the tenant's trail, in the caller's transaction.</summary>
    internal static Task AppendTrailAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenantId, TenantEvent trail) =>
        connection.ExecuteAsync(
            """
            INSERT INTO tenant_events (tenant_id, event_type, actor, event_data, ip_address, user_agent)
            VALUES (@TenantId, @EventType, @Actor, @Data::jsonb, @Ip::inet, @UserAgent)
            """,
            new
            {
                TenantId = tenantId,
                trail.EventType,
                trail.Actor.Actor,
                Data = JsonSerializer.Serialize(trail.Data),
                Ip = trail.Actor.IpAddress,
                trail.Actor.UserAgent,
            },
            tx);

    /// <summary>The tenant's trail, newest first, in the shape of a user's events.</summary>
    public async Task<Page<UserEventView>> ListEventsAsync(Guid tenantId, int limit, int offset)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var parameters = new { tenantId, limit, offset };
        var total = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM tenant_events WHERE tenant_id = @tenantId", parameters);
        var rows = await connection.QueryAsync<(long Id, string EventType, Guid TenantId, string? Actor, string Data, string? IpAddress, string? UserAgent, DateTime CreatedAt)>(
            """
            SELECT id, event_type, tenant_id, actor, event_data::text, host(ip_address), user_agent, created_at
            FROM tenant_events WHERE tenant_id = @tenantId
            ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset
            """,
            parameters);
        return new Page<UserEventView>(
            [.. rows.Select(r => new UserEventView(r.Id, r.EventType, r.TenantId, r.Actor, r.Data, r.IpAddress, r.UserAgent, new DateTimeOffset(r.CreatedAt, TimeSpan.Zero)))],
            total, limit, offset);
    }

    /// <summary>The tenant's memberships in every status (what its seats count), from the trigger-kept counts.</summary>
    public async Task<long> CountMembersAsync(Guid tenantId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(members), 0)::bigint FROM tenant_member_counts WHERE tenant_id = @tenantId", new { tenantId });
    }

    /// <summary>
    /// The engagement score of every active member over the last 30 days, in one
    /// statement over the hourly rollup and conversation sessions, so that peer comparison ranks
    /// a user among all colleagues and not only those who asked for an analysis. The formula is
    /// the one <c>BehaviorCalculator.Engagement</c> applies (a test holds them equal).
    /// </summary>
    public async Task<int> ScoreMembersAsync(Guid tenantId, DateTimeOffset now)
    {
        var from = now.AddDays(-30).UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH activity AS (
                SELECT user_id, sum(activities) AS activities,
                       count(DISTINCT (hour AT TIME ZONE 'UTC')::date) AS active_days,
                       coalesce(sum(activities) FILTER (WHERE activity_type = 'chat_message'), 0) AS messages
                FROM user_activity_hourly
                WHERE tenant_id = @tenantId AND hour >= date_trunc('hour', @from) AND hour <= @now
                GROUP BY user_id),
            sessions AS (
                SELECT user_id, count(*) AS sessions, round(avg(duration_minutes), 2) AS avg_minutes, sum(message_count) AS session_messages
                FROM conversation_sessions
                WHERE tenant_id = @tenantId AND started_at >= @from AND started_at <= @now
                GROUP BY user_id),
            figures AS (
                SELECT m.user_id, coalesce(a.activities, 0) AS activities, coalesce(a.active_days, 0) AS active_days,
                       coalesce(s.sessions, 0) AS sessions, coalesce(s.avg_minutes, 0) AS avg_minutes,
                       round(coalesce(s.sessions, 0)::numeric / greatest(coalesce(a.active_days, 0), 1), 2) AS sessions_per_day,
                       round(coalesce(s.session_messages, 0)::numeric / greatest(coalesce(s.sessions, 0), 1), 2) AS messages_per_session
                FROM tenant_members m
                LEFT JOIN activity a USING (user_id)
                LEFT JOIN sessions s USING (user_id)
                WHERE m.tenant_id = @tenantId AND m.user_status = 'active')
            UPDATE tenant_members t
               SET engagement_score = round(least(
                       least(f.active_days * 3, 30) + least(f.avg_minutes / 10 * 20, 20)
                       + least(f.messages_per_session / 5 * 25, 25) + least(f.sessions_per_day * 10, 25), 100), 2),
                   activity_30d = f.activities,
                   analyzed_at = @now
              FROM figures f
             WHERE t.tenant_id = @tenantId AND t.user_id = f.user_id
            """,
            new { tenantId, from, now = now.UtcDateTime },
            commandTimeout: 600));
    }

    /// <summary>The tenant's active members who have not logged in since <paramref name="cutoff"/> (at most 10,000).</summary>
    public async Task<List<Guid>> DormantMembersAsync(Guid tenantId, DateTimeOffset cutoff)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        // Never logged in counts from the day the user was created.
        return [.. await connection.QueryAsync<Guid>(
            """
            SELECT user_id FROM tenant_members
            WHERE tenant_id = @tenantId AND user_status = 'active' AND coalesce(last_login_at, user_created_at) < @cutoff
            ORDER BY user_id LIMIT 10000
            """,
            new { tenantId, cutoff })];
    }
}
