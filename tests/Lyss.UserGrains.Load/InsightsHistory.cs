using Npgsql;

namespace Lyss.UserGrains.Load;

/// <summary>
/// 90 days of activity for a tenant's users written straight into <c>user_activities</c>, then
/// the rollups (hourly, daily usage, conversation sessions at a 30-minute idle gap) derived from
/// those rows by SQL, as the pipeline would have kept them. Deterministic per user and day:
/// about three days in four are active with 4-15 activities of chat, model and feature use.
/// </summary>
public static class InsightsHistory
{
    public static async Task<long> LoadAsync(string adminConnectionString, Guid tenant, Guid[] users, int days)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        async Task<long> Run(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 900 };
            command.Parameters.AddWithValue("tenant", tenant);
            command.Parameters.AddWithValue("users", users);
            command.Parameters.AddWithValue("days", days);
            return await command.ExecuteNonQueryAsync();
        }

        await Run("SELECT ensure_activity_partitions(now() - make_interval(days => @days + 31), 6)");
        var rows = await Run(
            """
            INSERT INTO user_activities (id, user_id, tenant_id, activity_type, resource_type, resource_id, details, occurred_at, received_at)
            SELECT gen_random_uuid(), u.id, @tenant, t.type,
                   CASE t.type WHEN 'chat_message' THEN 'conversation' WHEN 'model_usage' THEN 'model' ELSE 'feature' END,
                   CASE t.type WHEN 'model_usage' THEN t.model WHEN 'feature_usage' THEN t.feature ELSE 'conv-' || d.day END,
                   CASE t.type
                       WHEN 'chat_message' THEN jsonb_build_object('topic', (ARRAY['billing', 'legal', 'code', 'travel'])[1 + (d.day + a.i) % 4])
                       WHEN 'model_usage' THEN jsonb_build_object('model', t.model, 'tokens', 100 + a.i * 10, 'cost', 0.001 * a.i)
                       ELSE '{}'::jsonb END,
                   t.at, t.at
            FROM unnest(@users) AS u(id)
            CROSS JOIN generate_series(1, @days) AS d(day)
            CROSS JOIN LATERAL (SELECT abs(hashtext(u.id::text || d.day)) % 16 AS n) k
            CROSS JOIN LATERAL generate_series(1, k.n) AS a(i)
            CROSS JOIN LATERAL (SELECT
                date_trunc('day', now()) - make_interval(days => d.day) + make_interval(hours => 9 + (a.i / 6) * 3, mins => (a.i % 6) * 4) AS at,
                CASE WHEN a.i % 5 = 0 THEN 'model_usage' WHEN a.i % 7 = 0 THEN 'feature_usage' ELSE 'chat_message' END AS type,
                (ARRAY['gpt-4o', 'claude-3', 'qwen-max'])[1 + (abs(hashtext(u.id::text)) + a.i / 5) % 3] AS model,
                (ARRAY['export', 'search', 'translate', 'summarize'])[1 + (abs(hashtext(u.id::text)) + d.day) % 4] AS feature) t
            WHERE k.n >= 4
            """);
        await Run(
            """
            INSERT INTO user_activity_hourly (tenant_id, user_id, hour, activity_type, activities, tokens, cost)
            SELECT tenant_id, user_id, date_trunc('hour', occurred_at), activity_type, count(*),
                   coalesce(sum((details ->> 'tokens')::bigint) FILTER (WHERE activity_type = 'model_usage'), 0),
                   coalesce(sum((details ->> 'cost')::numeric) FILTER (WHERE activity_type = 'model_usage'), 0)
            FROM user_activities WHERE tenant_id = @tenant GROUP BY 1, 2, 3, 4
            """);
        await Run(
            """
            INSERT INTO user_usage_daily (user_id, tenant_id, day, kind, name, uses, tokens, cost)
            SELECT user_id, tenant_id, (occurred_at AT TIME ZONE 'UTC')::date,
                   CASE activity_type WHEN 'model_usage' THEN 'model' ELSE 'feature' END, resource_id, count(*),
                   coalesce(sum((details ->> 'tokens')::bigint), 0), coalesce(sum((details ->> 'cost')::numeric), 0)
            FROM user_activities WHERE tenant_id = @tenant AND activity_type IN ('model_usage', 'feature_usage')
            GROUP BY 1, 2, 3, 4, 5
            """);
        await Run(
            $"""
            INSERT INTO conversation_sessions (id, user_id, tenant_id, topic, message_count, model_calls, duration_minutes, model_used,
                                               total_tokens, total_cost, started_at, last_activity_at, ended_at, updated_at)
            SELECT gen_random_uuid(), user_id, @tenant, topic, messages, calls, minutes, model, tokens, cost, started, last, last, now()
            FROM ({RawInsights.SessionsSql("tenant_id = @tenant")}) s
            """);
        return rows;
    }
}
