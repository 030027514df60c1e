using Dapper;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;
using Npgsql;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// Reads of stored activities: what a user grain reloads on activation (rollup hours, recent rows,
/// recent idempotency keys), a tenant's statistics and a user's pages of activities.
/// </summary>
public sealed class ActivityHistoryStore(NpgsqlDataSource dataSource)
{
    public const int RecentMessageIds = 1000;

    /// <summary>A user's hourly counts in one tenant since <paramref name="from"/> (summaries longer than the counters hold).</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Hour, string Type, long Count, long Tokens, decimal Cost)>> LoadHoursAsync(Guid userId, Guid tenantId, DateTimeOffset from)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(DateTime Hour, string Type, long Activities, long Tokens, decimal Cost)>(
            """
            SELECT hour, activity_type, activities, tokens, cost FROM user_activity_hourly
            WHERE user_id = @userId AND tenant_id = @tenantId AND hour >= @from
            """,
            new { userId, tenantId, from = from.UtcDateTime });
        return [.. rows.Select(r => (new DateTimeOffset(r.Hour, TimeSpan.Zero), r.Type, r.Activities, r.Tokens, r.Cost))];
    }

    public async Task<Dictionary<Guid, ActivityCounters>> LoadCountersAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var counters = new Dictionary<Guid, ActivityCounters>();
        ActivityCounters For(Guid tenant) => counters.TryGetValue(tenant, out var c) ? c : counters[tenant] = new ActivityCounters(tenant);

        var hours = await connection.QueryAsync<(Guid TenantId, DateTime Hour, string Type, long Activities, long Tokens, decimal Cost)>(
            """
            SELECT tenant_id, hour, activity_type, activities, tokens, cost FROM user_activity_hourly
            WHERE user_id = @userId AND hour >= now() - make_interval(days => @days)
            """,
            new { userId, days = ActivityCounters.RetainedDays });
        foreach (var h in hours)
        {
            For(h.TenantId).Load(new DateTimeOffset(h.Hour, TimeSpan.Zero), h.Type, h.Activities, h.Tokens, h.Cost);
        }

        // Per tenant the user has rows in (from the rollup's key), newest first through the tenant-leading index.
        var recent = await connection.QueryAsync<ActivityRow>(
            """
            SELECT a.id AS Id, a.tenant_id AS TenantId, a.activity_type AS ActivityType, a.resource_type AS ResourceType,
                   a.resource_id AS ResourceId, a.details::text AS Details, a.session_id AS SessionId, host(a.ip_address) AS IpAddress,
                   a.user_agent AS UserAgent, a.occurred_at AS OccurredAt, a.received_at AS ReceivedAt
            FROM (SELECT DISTINCT tenant_id FROM user_activity_hourly WHERE user_id = @userId) t
            CROSS JOIN LATERAL (
                SELECT * FROM user_activities u
                WHERE u.tenant_id = t.tenant_id AND u.user_id = @userId AND u.received_at >= now() - make_interval(days => @days)
                ORDER BY u.received_at DESC LIMIT @limit) a
            ORDER BY a.received_at DESC
            """,
            new { userId, days = ActivityCounters.RetainedDays, limit = ActivityCounters.RecentLimit * 4 });
        foreach (var group in recent.GroupBy(r => r.TenantId))
        {
            For(group.Key).LoadRecent(group.Select(r => r.ToView()));
        }

        return counters;
    }

    public async Task<List<(string MessageId, Guid ActivityId)>> LoadMessageIdsAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string MessageId, Guid ActivityId)>(
            """
            SELECT message_id, activity_id FROM activity_message_ids
            WHERE user_id = @userId AND received_at >= now() - interval '7 days'
            ORDER BY received_at DESC LIMIT @limit
            """,
            new { userId, limit = RecentMessageIds });
        return [.. rows];
    }

    /// <summary>A tenant's activity over its last <paramref name="days"/> UTC days, from the hourly rollup.</summary>
    /// <summary>A tenant's figures of the last <paramref name="days"/> days, days and "today" in <paramref name="timeZone"/> (IANA).</summary>
    public async Task<ActivityStatistics> StatisticsAsync(Guid tenantId, int days, string timeZone)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var p = new { tenantId, days, timeZone };
        const string Range = "tenant_id = @tenantId AND hour >= date_trunc('day', now() AT TIME ZONE @timeZone) AT TIME ZONE @timeZone - make_interval(days => @days - 1)";
        var totals = await connection.QuerySingleAsync<(long Total, long Users, long Today)>(
            $"""
            SELECT coalesce(sum(activities), 0)::bigint, count(DISTINCT user_id),
                   coalesce(sum(activities) FILTER (WHERE hour >= date_trunc('day', now() AT TIME ZONE @timeZone) AT TIME ZONE @timeZone), 0)::bigint
            FROM user_activity_hourly WHERE {Range}
            """, p);
        var types = await connection.QueryAsync<(string Type, long Count)>(
            $"SELECT activity_type, sum(activities)::bigint FROM user_activity_hourly WHERE {Range} GROUP BY 1 ORDER BY 2 DESC, 1", p);
        var daily = await connection.QueryAsync<(string Day, long Count)>(
            $"SELECT to_char(hour AT TIME ZONE @timeZone, 'YYYY-MM-DD'), sum(activities)::bigint FROM user_activity_hourly WHERE {Range} GROUP BY 1 ORDER BY 1", p);
        var top = await connection.QueryAsync<(Guid User, long Count)>(
            $"SELECT user_id, sum(activities)::bigint FROM user_activity_hourly WHERE {Range} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10", p);
        return new ActivityStatistics
        {
            Days = days,
            TodayActivities = totals.Today,
            TotalActivities = totals.Total,
            ActiveUsers = totals.Users,
            ActivityTypes = [.. types.Select(t => new KeyValuePair<string, long>(t.Type, t.Count))],
            DailyTrend = [.. daily.Select(d => new KeyValuePair<string, long>(d.Day, d.Count))],
            TopUsers = [.. top.Select(t => new KeyValuePair<Guid, long>(t.User, t.Count))],
        };
    }

    /// <summary>A page of a user's stored activities in a tenant, newest first.</summary>
    public async Task<Page<ActivityView>> ListAsync(Guid userId, Guid tenantId, int days, int limit, int offset)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var p = new { userId, tenantId, days, limit, offset };
        const string Where = "user_id = @userId AND tenant_id = @tenantId AND received_at >= now() - make_interval(days => @days)";
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM user_activities WHERE {Where}", p);
        var rows = await connection.QueryAsync<ActivityRow>(
            $"""
            SELECT id AS Id, tenant_id AS TenantId, activity_type AS ActivityType, resource_type AS ResourceType,
                   resource_id AS ResourceId, details::text AS Details, session_id AS SessionId, host(ip_address) AS IpAddress,
                   user_agent AS UserAgent, occurred_at AS OccurredAt, received_at AS ReceivedAt
            FROM user_activities WHERE {Where}
            ORDER BY received_at DESC, id DESC LIMIT @limit OFFSET @offset
            """, p);
        return new Page<ActivityView>([.. rows.Select(r => r.ToView())], total, limit, offset);
    }

    public sealed record ActivityRow(
        Guid Id, Guid TenantId, string ActivityType, string? ResourceType, string? ResourceId, string? Details, string? SessionId,
        string? IpAddress, string? UserAgent, DateTime OccurredAt, DateTime ReceivedAt)
    {
        public ActivityView ToView() => new()
        {
            Id = Id,
            TenantId = TenantId,
            ActivityType = ActivityType,
            ResourceType = ResourceType,
            ResourceId = ResourceId,
            Details = Details,
            SessionId = SessionId,
            IpAddress = IpAddress,
            UserAgent = UserAgent,
            OccurredAt = new DateTimeOffset(OccurredAt, TimeSpan.Zero),
            ReceivedAt = new DateTimeOffset(ReceivedAt, TimeSpan.Zero),
        };
    }
}
