using System.Text.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using StackExchange.Redis;

namespace Lyss.UserGrains.Grains.Activities;

[StatelessWorker]
public sealed class ActivityQueryGrain(
    ActivityHistoryStore history,
    ActivityWriter localWriter,
    DeadLetterStore deadLetters,
    ActivityStore store,
    IOptions<ActivityWriterOptions> options,
    IOptions<Orleans.Configuration.ClusterOptions> cluster,
    IServiceProvider services)
    : Grain, IActivityQueryGrain
{
    public Task<ActivityStatistics> GetStatisticsAsync(Guid tenantId, int days, string timeZone) => history.StatisticsAsync(tenantId, days, timeZone);

    public Task<Page<ActivityView>> ListUserActivitiesAsync(Guid userId, Guid tenantId, int days, int limit, int offset) =>
        history.ListAsync(userId, tenantId, days, limit, offset);

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
