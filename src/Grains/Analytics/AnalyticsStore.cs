using Dapper;
using Npgsql;

namespace Lyss.UserGrains.Grains.Analytics;

/// <summary>The tenant analytics over the hourly rollup, members and activities, each answered as one JSON value.</summary>
public sealed class AnalyticsStore(NpgsqlDataSource dataSource)
{
    /// <summary>Users only (visitors, docs/tracking.md, are not counted). dau counts from the start of today in <paramref name="timeZone"/> (an IANA name); wau and mau are the last 7 and 30 days.</summary>
    public Task<string> ActiveUsersAsync(Guid tenantId, string timeZone) => JsonAsync(
        """
        SELECT json_build_object(
            'dau', count(DISTINCT user_id) FILTER (WHERE hour >= date_trunc('day', now() AT TIME ZONE @timeZone) AT TIME ZONE @timeZone),
            'wau', count(DISTINCT user_id) FILTER (WHERE hour >= now() - interval '7 days'),
            'mau', count(DISTINCT user_id),
            'stickiness', round(coalesce(
                count(DISTINCT user_id) FILTER (WHERE hour >= date_trunc('day', now() AT TIME ZONE @timeZone) AT TIME ZONE @timeZone)::numeric
                / nullif(count(DISTINCT user_id), 0), 0), 4))
        FROM user_activity_hourly WHERE tenant_id = @tenantId AND hour >= now() - interval '30 days' AND NOT is_visitor(user_id)
        """, new { tenantId, timeZone });

    /// <summary>
    /// Cohorts of members by the <paramref name="period"/> (week or month, in <paramref name="timeZone"/>) they joined the tenant,
    /// the last <paramref name="cohorts"/> of them: each one's size and the share of it active in each period since, from the rollup.
    /// </summary>
    public Task<string> RetentionAsync(Guid tenantId, string period, int cohorts, string timeZone) => JsonAsync(
        """
        WITH bounds AS (
            SELECT date_trunc(@period, now() AT TIME ZONE @timeZone) AS current_start,
                   ('1 ' || @period)::interval AS step),
        starts AS (
            SELECT gs AS start FROM bounds, generate_series(current_start - (@cohorts - 1) * step, current_start, step) gs),
        members AS (
            SELECT m.user_id, date_trunc(@period, m.joined_at AT TIME ZONE @timeZone) AS cohort
            FROM tenant_members m
            WHERE m.tenant_id = @tenantId AND m.user_status NOT IN ('deleted', 'anonymized')
              AND m.joined_at >= (SELECT min(start) FROM starts) AT TIME ZONE @timeZone),
        active AS (
            SELECT DISTINCT h.user_id, date_trunc(@period, h.hour AT TIME ZONE @timeZone) AS active_period
            FROM user_activity_hourly h
            WHERE h.tenant_id = @tenantId AND h.hour >= (SELECT min(start) FROM starts) AT TIME ZONE @timeZone),
        counts AS (
            SELECT m.cohort, a.active_period, count(*) AS n FROM active a JOIN members m USING (user_id) GROUP BY 1, 2)
        SELECT json_build_object('period', @period, 'cohorts', coalesce(json_agg(c ORDER BY c.start), '[]')) FROM (
            SELECT to_char(s.start, 'YYYY-MM-DD') AS start, size.n AS size,
                   (SELECT json_agg(CASE WHEN size.n = 0 THEN 0 ELSE round(
                               coalesce((SELECT c.n FROM counts c WHERE c.cohort = s.start AND c.active_period = p), 0)::numeric / size.n, 4) END ORDER BY p)
                    FROM bounds, generate_series(s.start, bounds.current_start, bounds.step) p) AS retention
            FROM starts s
            CROSS JOIN LATERAL (SELECT count(*) AS n FROM members m WHERE m.cohort = s.start) size) c
        """, new { tenantId, period, cohorts, timeZone });

    public Task<string> FeaturesAsync(Guid tenantId, int days) => JsonAsync(
        """
        SELECT coalesce(json_agg(f ORDER BY f.usage_count DESC, f.action), '[]') FROM (
            SELECT activity_type AS action, sum(activities)::bigint AS usage_count, count(DISTINCT user_id) AS user_count
            FROM user_activity_hourly WHERE tenant_id = @tenantId AND hour >= now() - make_interval(days => @days)
            GROUP BY activity_type) f
        """, new { tenantId, days });

    public Task<string> TopUsersAsync(Guid tenantId, int days, int limit) => JsonAsync(
        """
        SELECT coalesce(json_agg(t ORDER BY t.activity_count DESC, t.user_id), '[]') FROM (
            SELECT user_id, sum(activities)::bigint AS activity_count, count(DISTINCT activity_type) AS action_types
            FROM user_activity_hourly WHERE tenant_id = @tenantId AND hour >= now() - make_interval(days => @days) AND NOT is_visitor(user_id)
            GROUP BY user_id ORDER BY 2 DESC, 1 LIMIT @limit) t
        """, new { tenantId, days, limit });

    public Task<string> LifecycleAsync(Guid tenantId) => JsonAsync(
        """
        WITH weeks AS (
            SELECT user_id,
                   bool_or(hour >= now() - interval '7 days') AS this_week,
                   bool_or(hour >= now() - interval '14 days' AND hour < now() - interval '7 days') AS last_week,
                   bool_or(hour < now() - interval '14 days') AS before
            FROM user_activity_hourly WHERE tenant_id = @tenantId AND hour >= now() - interval '90 days' GROUP BY user_id),
        members AS (
            SELECT m.user_id, m.user_created_at, w.this_week, w.last_week, w.before
            FROM tenant_members m LEFT JOIN weeks w USING (user_id)
            WHERE m.tenant_id = @tenantId AND m.user_status NOT IN ('deleted', 'anonymized'))
        SELECT json_build_object(
            'new', count(*) FILTER (WHERE user_created_at >= now() - interval '7 days'),
            'returning', count(*) FILTER (WHERE this_week AND last_week),
            'resurrecting', count(*) FILTER (WHERE this_week AND NOT last_week AND before),
            'dormant', count(*) FILTER (WHERE coalesce(this_week, false) = false AND coalesce(last_week, false) = false
                                          AND user_created_at < now() - interval '7 days'))
        FROM members
        """, new { tenantId });

    public Task<string> ActionPathAsync(Guid tenantId, Guid userId, int days, int limit) => JsonAsync(
        """
        SELECT coalesce(json_agg(p ORDER BY p.created_at), '[]') FROM (
            SELECT activity_type AS action, resource_type, created_at, prev_action FROM (
                SELECT activity_type, resource_type, received_at AS created_at,
                       lag(activity_type) OVER (ORDER BY received_at, id) AS prev_action
                FROM user_activities
                WHERE tenant_id = @tenantId AND user_id = @userId AND received_at >= now() - make_interval(days => @days)) s
            ORDER BY created_at DESC LIMIT @limit) p
        """, new { tenantId, userId, days, limit });

    private async Task<string> JsonAsync(string sql, object parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>(sql, parameters) ?? "null";
    }
}
