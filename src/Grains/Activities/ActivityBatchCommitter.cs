using Microsoft.Extensions.Logging;
using Npgsql;
using Prometheus;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// Commits a batch through the store so that no row can hold the others back: conflicts between
/// concurrent batches are retried, and a data error (by <see cref="WriteFaults"/>) splits the batch
/// in halves until the refused rows stand alone and go to the dead letters — the rest is stored.
/// An outage is thrown to the caller, which keeps the rows. Used by the writer and by the replay.
/// </summary>
public sealed partial class ActivityBatchCommitter(ActivityStore store, DeadLetterStore deadLetters, ILogger<ActivityBatchCommitter> logger)
{
    private static readonly Counter DeadLetteredRows = Metrics.CreateCounter("user_activities_dead_letters_total", "Activity rows PostgreSQL refused for their content, set aside");

    private long _deadLettered;

    /// <summary>Rows set aside by this silo since it started.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>The SQLSTATE and time of the last row set aside.</summary>
    public (string SqlState, DateTimeOffset At)? LastDeadLetter { get; private set; }

    /// <summary>Returns the rows that were new (inserted) and those set aside; throws on an outage.</summary>
    public async Task<(int Inserted, int DeadLettered)> CommitAsync(IReadOnlyList<ActivityRecord> rows, bool replay, CancellationToken cancellationToken)
    {
        try
        {
            return (await WriteRetryingConflictsAsync(rows, replay, cancellationToken), 0);
        }
        catch (Exception e) when (WriteFaults.IsDataError(e))
        {
            if (rows.Count == 1)
            {
                await deadLetters.AddAsync(rows[0], e, cancellationToken);
                Interlocked.Increment(ref _deadLettered);
                DeadLetteredRows.Inc();
                LastDeadLetter = (WriteFaults.Code(e), DateTimeOffset.UtcNow);
                LogDeadLettered(logger, rows[0].Id, rows[0].TenantId, WriteFaults.Code(e));
                return (0, 1);
            }

            // A batch is committed whole or not at all, so each half can be tried on its own.
            var half = rows.Count / 2;
            var first = await CommitAsync([.. rows.Take(half)], replay, cancellationToken);
            var second = await CommitAsync([.. rows.Skip(half)], replay, cancellationToken);
            return (first.Inserted + second.Inserted, first.DeadLettered + second.DeadLettered);
        }
    }

    /// <summary>
    /// Concurrent batches upsert rollup rows in one order, but a deadlock or serialization failure
    /// can still end one of them; it says nothing about PostgreSQL's health, so the batch is tried again.
    /// </summary>
    private async Task<int> WriteRetryingConflictsAsync(IReadOnlyList<ActivityRecord> rows, bool replay, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.WriteAsync(rows, cancellationToken, replay);
            }
            catch (PostgresException e) when (attempt < 3 && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                LogConflictRetried(logger, e.SqlState, rows.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing {Rows} activities met {SqlState}; trying again")]
    private static partial void LogConflictRetried(ILogger logger, string sqlState, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {ActivityId} of tenant {TenantId} refused by PostgreSQL ({SqlState}); set aside as a dead letter")]
    private static partial void LogDeadLettered(ILogger logger, Guid activityId, Guid tenantId, string sqlState);
}
