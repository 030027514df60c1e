using Dapper;
using Lyss.UserGrains.Activities;
using Npgsql;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>What a user grain reloads on activation: rollup hours, recent rows, recent idempotency keys.</summary>
public sealed class ActivityHistory(NpgsqlDataSource dataSource)
{
    public const int RecentMessageIds = 1000;

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
