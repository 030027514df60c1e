using Lyss.UserGrains.Behavior;
using Lyss.UserGrains.Grains.Behavior;
using Npgsql;

namespace Lyss.UserGrains.Load;

/// <summary>
/// The baseline of the insights benchmark: the same insights computed from raw
/// <c>user_activities</c> rows at request time (hours, sessions by the 30-minute gap, model and
/// feature use, and every colleague's 30-day figures for the peer comparison), then the same
/// calculators the service uses.
/// </summary>
public sealed class RawInsights(string adminConnectionString)
{
    private static readonly AnalysisSubject Subject = new() { TimeZone = "Asia/Shanghai", Preferences = new Dictionary<string, IReadOnlyDictionary<string, string>>() };

    /// <summary>Conversation sessions of the rows matching <paramref name="filter"/>, split at gaps over 30 minutes.</summary>
    public static string SessionsSql(string filter) =>
        $"""
        WITH c AS (
            SELECT user_id, occurred_at, activity_type, details,
                   CASE WHEN lag(occurred_at) OVER w IS NULL OR occurred_at - lag(occurred_at) OVER w > interval '30 minutes' THEN 1 ELSE 0 END AS brk
            FROM user_activities WHERE {filter} AND activity_type IN ('chat_message', 'model_usage')
            WINDOW w AS (PARTITION BY user_id ORDER BY occurred_at)),
        s AS (SELECT *, sum(brk) OVER (PARTITION BY user_id ORDER BY occurred_at ROWS UNBOUNDED PRECEDING) AS sid FROM c)
        SELECT user_id,
               (array_agg(details ->> 'topic' ORDER BY occurred_at) FILTER (WHERE details ? 'topic'))[1] AS topic,
               (count(*) FILTER (WHERE activity_type = 'chat_message'))::int AS messages,
               (count(*) FILTER (WHERE activity_type = 'model_usage'))::int AS calls,
               floor(extract(epoch FROM max(occurred_at) - min(occurred_at)) / 60)::int AS minutes,
               mode() WITHIN GROUP (ORDER BY details ->> 'model') FILTER (WHERE activity_type = 'model_usage') AS model,
               coalesce(sum((details ->> 'tokens')::bigint) FILTER (WHERE activity_type = 'model_usage'), 0) AS tokens,
               coalesce(sum((details ->> 'cost')::numeric) FILTER (WHERE activity_type = 'model_usage'), 0) AS cost,
               min(occurred_at) AS started, max(occurred_at) AS last
        FROM s GROUP BY user_id, sid
        """;

    public async Task<UserInsights> ComputeAsync(Guid tenant, Guid user, DateTimeOffset now)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        var from = now.AddDays(-BehaviorStore.HistoryDays).UtcDateTime;
        var range = "user_id = @user AND tenant_id = @tenant AND received_at >= @from AND occurred_at >= @from";

        var hours = await QueryAsync(connection, $"""
            SELECT date_trunc('hour', occurred_at), activity_type, count(*),
                   coalesce(sum((details ->> 'tokens')::bigint) FILTER (WHERE activity_type = 'model_usage'), 0),
                   coalesce(sum((details ->> 'cost')::numeric) FILTER (WHERE activity_type = 'model_usage'), 0)
            FROM user_activities WHERE {range} GROUP BY 1, 2
            """, tenant, user, from,
            r => new HourRow(r.GetDateTime(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetDecimal(4)));
        var sessions = await QueryAsync(connection, $"SELECT started, messages, minutes, topic, model FROM ({SessionsSql(range)}) s", tenant, user, from,
            r => new SessionRow(r.GetDateTime(0), r.GetInt32(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
        var usage = await QueryAsync(connection, $"""
            SELECT (occurred_at AT TIME ZONE 'UTC')::date::timestamp, CASE activity_type WHEN 'model_usage' THEN 'model' ELSE 'feature' END, resource_id, count(*),
                   coalesce(sum((details ->> 'tokens')::bigint), 0), coalesce(sum((details ->> 'cost')::numeric), 0)
            FROM user_activities WHERE {range} AND activity_type IN ('model_usage', 'feature_usage') GROUP BY 1, 2, 3
            """, tenant, user, from,
            r => new UsageRow(r.GetDateTime(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetDecimal(5)));
        var data = new BehaviorData(hours, sessions, usage, []);

        var weekly = BehaviorCalculator.Analyze(tenant, user, BehaviorPeriods.Weekly, data, Subject, now);
        var monthly = BehaviorCalculator.Analyze(tenant, user, BehaviorPeriods.Monthly, data, Subject, now);
        var quarterly = BehaviorCalculator.Analyze(tenant, user, BehaviorPeriods.Quarterly, data, Subject, now);
        var peers = await PeersAsync(connection, tenant, user, now, monthly);
        return InsightsCalculator.Build(weekly, monthly, quarterly, peers, BehaviorCalculator.ObservedDays(data, now), now);
    }

    /// <summary>Every colleague's 30-day activity and engagement score, from raw rows.</summary>
    private static async Task<PeerFigures> PeersAsync(NpgsqlConnection connection, Guid tenant, Guid user, DateTimeOffset now, BehaviorAnalysis mine)
    {
        var from30 = now.AddDays(-30).UtcDateTime;
        var range = "tenant_id = @tenant AND received_at >= @from AND occurred_at >= @from";
        var members = await QueryAsync(connection, $"""
            WITH acts AS (
                SELECT user_id, count(*) AS activities, count(DISTINCT (occurred_at AT TIME ZONE 'UTC')::date) AS active_days,
                       count(*) FILTER (WHERE activity_type = 'chat_message') AS messages
                FROM user_activities WHERE {range} GROUP BY user_id),
            sess AS (
                SELECT user_id, count(*) AS sessions, avg(minutes)::float8 AS avg_minutes, sum(messages)::bigint AS session_messages
                FROM ({SessionsSql(range)}) s GROUP BY user_id)
            SELECT a.user_id, a.activities, a.active_days, a.messages, coalesce(s.sessions, 0), coalesce(s.avg_minutes, 0), coalesce(s.session_messages, 0)
            FROM acts a LEFT JOIN sess s USING (user_id) WHERE a.user_id <> @user
            """, tenant, user, from30,
            r =>
            {
                var sessions = r.GetInt64(4);
                var activeDays = (int)r.GetInt64(2);
                var stats = new ActivityStats
                {
                    TotalActivities = r.GetInt64(1), TotalSessions = sessions, TotalMessages = r.GetInt64(3),
                    AvgSessionDuration = BehaviorCalculator.Round(r.GetDouble(5)), ActiveDays = activeDays,
                    AvgSessionsPerDay = BehaviorCalculator.Round((double)sessions / Math.Max(activeDays, 1)),
                    AvgMessagesPerSession = 0, TotalTokens = 0, TotalCost = 0, ActiveMinutes = 0,
                };
                var patterns = new ConversationPatterns
                {
                    PopularTopics = [], LengthDistribution = new LengthDistribution { Short = 0, Medium = 0, Long = 0 },
                    AvgMessagesPerConversation = BehaviorCalculator.Round((double)r.GetInt64(6) / Math.Max(sessions, 1)),
                };
                return (Activity: stats.TotalActivities, Score: BehaviorCalculator.Engagement(stats, patterns).Score);
            });
        var score = mine.EngagementScore.Score;
        var activity = mine.ActivityStats.TotalActivities;
        return new PeerFigures(
            members.Count,
            members.Count(m => m.Score < score),
            members.Count(m => m.Activity < activity),
            members.Count == 0 ? null : Math.Round(members.Average(m => m.Score), 2),
            members.Count == 0 ? null : members.Average(m => (double)m.Activity));
    }

    private static async Task<List<T>> QueryAsync<T>(NpgsqlConnection connection, string sql, Guid tenant, Guid user, DateTime from, Func<NpgsqlDataReader, T> map)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("user", user);
        command.Parameters.AddWithValue("from", from);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(map(reader));
        }

        return list;
    }
}
