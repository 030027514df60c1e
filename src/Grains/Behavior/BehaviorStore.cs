using Dapper;
using Npgsql;

namespace Lyss.UserGrains.Grains.Behavior;

/// <summary>
/// Reads what behaviour analysis needs from the tables the pipeline keeps: the hourly rollup,
/// conversation sessions, daily usage, alerts, and the members' recorded scores. Every query is
/// bounded by one user (or one tenant's daily usage for recommendations), never raw activities.
/// </summary>
public sealed class BehaviorStore(NpgsqlDataSource dataSource)
{
    public const int HistoryDays = 90;

    public async Task<BehaviorData> LoadAsync(Guid tenantId, Guid userId, DateTimeOffset now)
    {
        var from = now.AddDays(-HistoryDays).UtcDateTime;
        var fromHour = new DateTime(from.Ticks - from.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
        await using var connection = await dataSource.OpenConnectionAsync();
        using var results = await connection.QueryMultipleAsync(
            """
            SELECT hour, activity_type AS ActivityType, activities, tokens, cost FROM user_activity_hourly
            WHERE user_id = @userId AND tenant_id = @tenantId AND hour >= @fromHour AND hour <= @now;
            SELECT started_at AS StartedAt, message_count AS MessageCount, duration_minutes AS DurationMinutes, topic, model_used AS ModelUsed FROM conversation_sessions
            WHERE user_id = @userId AND tenant_id = @tenantId AND started_at >= @from AND started_at <= @now;
            SELECT day::timestamp AS Day, kind, name, uses, tokens, cost, provider, responses, response_seconds AS ResponseSeconds FROM user_usage_daily
            WHERE user_id = @userId AND tenant_id = @tenantId AND day >= @fromDay;
            SELECT created_at AS CreatedAt, severity FROM security_alerts
            WHERE tenant_id = @tenantId AND user_id = @userId AND created_at >= @from;
            """,
            new { tenantId, userId, fromHour, from, fromDay = from.Date, now = now.UtcDateTime });
        var hours = (await results.ReadAsync<HourRow>()).ToList();
        var sessions = (await results.ReadAsync<SessionRow>()).ToList();
        var usage = (await results.ReadAsync<UsageRow>()).ToList();
        var alerts = (await results.ReadAsync<AlertRow>()).ToList();
        return new BehaviorData(hours, sessions, usage, alerts);
    }

    /// <summary>The other analysed members of the tenant against this user's figures.</summary>
    public async Task<PeerFigures> PeersAsync(Guid tenantId, Guid userId, decimal score, long activity30Days)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<PeerFigures>(
            """
            SELECT count(*) AS peers,
                   count(*) FILTER (WHERE engagement_score < @score) AS LowerScore,
                   count(*) FILTER (WHERE activity_30d < @activity30Days) AS LowerActivity,
                   round(avg(engagement_score), 2) AS AverageScore,
                   avg(activity_30d)::float8 AS AverageActivity
            FROM tenant_members
            WHERE tenant_id = @tenantId AND user_id <> @userId AND analyzed_at IS NOT NULL
              AND user_status NOT IN ('deleted', 'anonymized')
            """,
            new { tenantId, userId, score, activity30Days });
    }

    /// <summary>
    /// Models or features (<paramref name="kind"/>) other members used in the last 30 days and
    /// this user did not: how many members used each, how many of them share at least one of
    /// this user's items ("similar"), and how many members used any item of the kind.
    /// </summary>
    public async Task<List<CandidateRow>> CandidatesAsync(Guid tenantId, Guid userId, string kind, DateTimeOffset now, int limit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<CandidateRow>(
            """
            WITH usage AS (
                SELECT user_id, name, sum(uses)::bigint AS uses FROM user_usage_daily
                WHERE tenant_id = @tenantId AND kind = @kind AND day >= @fromDay
                GROUP BY user_id, name),
            mine AS (SELECT name FROM usage WHERE user_id = @userId),
            others AS (SELECT * FROM usage WHERE user_id <> @userId),
            alike AS (SELECT DISTINCT user_id FROM others WHERE name IN (SELECT name FROM mine))
            SELECT o.name,
                   count(*) AS users,
                   count(*) FILTER (WHERE o.user_id IN (SELECT user_id FROM alike)) AS SimilarUsers,
                   sum(o.uses)::bigint AS uses,
                   (SELECT count(DISTINCT user_id) FROM others) AS peers
            FROM others o
            WHERE o.name NOT IN (SELECT name FROM mine)
            GROUP BY o.name
            ORDER BY SimilarUsers DESC, users DESC, uses DESC, o.name
            LIMIT @limit
            """,
            new { tenantId, userId, kind, fromDay = now.UtcDateTime.Date.AddDays(-29), limit });
        return [.. rows];
    }
}
