using System.Text.Json;
using Dapper;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;
using StackExchange.Redis;

namespace Lyss.UserGrains.Grains.Activities;

[StatelessWorker]
public sealed class ActivityQueryGrain(
    NpgsqlDataSource dataSource,
    ActivityWriter localWriter,
    DeadLetterStore deadLetters,
    ActivityStore store,
    IOptions<ActivityWriterOptions> options,
    IOptions<Orleans.Configuration.ClusterOptions> cluster,
    IServiceProvider services)
    : Grain, IActivityQueryGrain
{
    public async Task<ActivityStatistics> GetStatisticsAsync(Guid tenantId, int days)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var p = new { tenantId, days };
        const string Range = "tenant_id = @tenantId AND hour >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - make_interval(days => @days - 1)";
        var totals = await connection.QuerySingleAsync<(long Total, long Users, long Today)>(
            $"""
            SELECT coalesce(sum(activities), 0)::bigint, count(DISTINCT user_id),
                   coalesce(sum(activities) FILTER (WHERE hour >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'), 0)::bigint
            FROM user_activity_hourly WHERE {Range}
            """, p);
        var types = await connection.QueryAsync<(string Type, long Count)>(
            $"SELECT activity_type, sum(activities)::bigint FROM user_activity_hourly WHERE {Range} GROUP BY 1 ORDER BY 2 DESC, 1", p);
        var daily = await connection.QueryAsync<(string Day, long Count)>(
            $"SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD'), sum(activities)::bigint FROM user_activity_hourly WHERE {Range} GROUP BY 1 ORDER BY 1", p);
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

    public async Task<Page<ActivityView>> ListUserActivitiesAsync(Guid userId, Guid tenantId, int days, int limit, int offset)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var p = new { userId, tenantId, days, limit, offset };
        const string Where = "user_id = @userId AND tenant_id = @tenantId AND received_at >= now() - make_interval(days => @days)";
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM user_activities WHERE {Where}", p);
        var rows = await connection.QueryAsync<ActivityHistory.ActivityRow>(
            $"""
            SELECT id AS Id, tenant_id AS TenantId, activity_type AS ActivityType, resource_type AS ResourceType,
                   resource_id AS ResourceId, details::text AS Details, session_id AS SessionId, host(ip_address) AS IpAddress,
                   user_agent AS UserAgent, occurred_at AS OccurredAt, received_at AS ReceivedAt
            FROM user_activities WHERE {Where}
            ORDER BY received_at DESC, id DESC LIMIT @limit OFFSET @offset
            """, p);
        return new Page<ActivityView>([.. rows.Select(r => r.ToView())], total, limit, offset);
    }

    public async Task<QueueStatus> GetQueueStatusAsync()
    {
        var queue = options.Value.SpillQueue;
        if (services.GetService(typeof(IConnectionMultiplexer)) is not IConnectionMultiplexer redis)
        {
            return new QueueStatus(queue, 0, [ToStatus(localWriter.GetStats())]);
        }

        var db = redis.GetDatabase();
        var entries = await db.HashGetAllAsync(ActivityWriter.StatusKey(cluster.Value.ClusterId));
        var fresh = DateTimeOffset.UtcNow - ActivityWriter.StatusInterval * 10;
        var silos = entries
            .Select(e => JsonSerializer.Deserialize<ActivityWriterStats>((string)e.Value!)!)
            .Where(s => s.At >= fresh)
            .OrderBy(s => s.Silo, StringComparer.Ordinal)
            .Select(ToStatus)
            .ToList();
        return new QueueStatus(queue, await db.ListLengthAsync(queue), silos);
    }

    public async Task<Page<DeadLetterView>> ListDeadLettersAsync(Guid tenantId, int limit, int offset)
    {
        var (items, total) = await deadLetters.ListAsync(tenantId, limit, offset);
        return new Page<DeadLetterView>(
            [.. items.Select(d => new DeadLetterView(d.Id, d.ActivityId, d.UserId, d.ActivityType, d.SqlState, new DateTimeOffset(d.FailedAt, TimeSpan.Zero), d.Error))], total, limit, offset);
    }

    public async Task RetryDeadLetterAsync(Guid tenantId, Guid id)
    {
        var row = await deadLetters.GetRowAsync(tenantId, id) ?? throw NotFound(id);
        try
        {
            // The replay path: a row stored meanwhile is skipped, and an erased user's row is scrubbed or dropped.
            await store.WriteAsync([row], CancellationToken.None, replay: true);
        }
        catch (Exception e) when (WriteFaults.IsDataError(e))
        {
            await deadLetters.RecordRetryFailedAsync(id, e);
            throw new ConflictException($"PostgreSQL refused the activity again ({WriteFaults.Code(e)}).") { Code = "still_refused" };
        }

        await deadLetters.DeleteAsync(tenantId, id);
    }

    public async Task DeleteDeadLetterAsync(Guid tenantId, Guid id)
    {
        if (!await deadLetters.DeleteAsync(tenantId, id))
        {
            throw NotFound(id);
        }
    }

    private static NotFoundException NotFound(Guid id) => new($"Dead letter {id} was not found.") { Code = "dead_letter_not_found" };

    private static WriterStatus ToStatus(ActivityWriterStats s) =>
        new(s.Silo, s.Queued, s.Flushed, s.Duplicates, s.Spilled, s.Replayed, s.Failures, s.FlushedPerSecond, s.LastFlushAt, s.LastError, s.PostgresHealthy,
            s.DeadLettered, s.LastDeadLetterSqlState, s.LastDeadLetterAt);
}
