using System.Diagnostics;
using System.Text.Json;
using Lyss.UserGrains.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;
using Prometheus;
using StackExchange.Redis;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// The silo-wide activity writer (modelled on the Dashboard's GrainProfiler: buffer per silo,
/// swap the buffer out, ship it as one batch, tied to the silo lifecycle). User grains hand
/// their accepted activities here; one loop coalesces them into binary COPY batches (group
/// commit), with up to <see cref="ActivityWriterOptions.Writers"/> batches in flight at once on
/// their own connections. While PostgreSQL is down, batches wait in memory up to a limit, then spill to the
/// Redis list <c>user_activities_queue</c>; the same loop replays the list once PostgreSQL is
/// back. On silo shutdown everything queued is written (or spilled) before the silo stops.
/// </summary>
public sealed partial class ActivityWriter(
    ActivityStore store,
    IOptions<ActivityWriterOptions> options,
    ILocalSiloDetails silo,
    ILogger<ActivityWriter> logger,
    IConnectionMultiplexer? redis = null)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Histogram FlushSeconds = Metrics.CreateHistogram(
        "user_activities_flush_seconds", "Time to commit one batch", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
    private static readonly Counter Flushed = Metrics.CreateCounter("user_activities_flushed_rows_total", "Activity rows committed to PostgreSQL");
    private static readonly Counter Spilled = Metrics.CreateCounter("user_activities_spilled_rows_total", "Activity rows spilled to Redis");
    private static readonly Counter Failures = Metrics.CreateCounter("user_activities_writer_failures_total", "Failed batch writes");
    private static readonly Gauge Buffered = Metrics.CreateGauge("user_activities_buffered", "Activity rows waiting in this silo's writer");
    private static readonly Gauge SpillDepth = Metrics.CreateGauge("user_activities_spilled", "Activity rows waiting in the Redis spill list");

    /// <summary>The Redis hash where every silo's writer publishes its figures for queue-status.</summary>
    public const string StatusKey = "lyss:activity-writers";
    public static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly ActivityWriterOptions _options = options.Value;
    private readonly List<PendingWrite> _queue = [];

    // Hand-offs are numbered; every one up to _storedThrough is committed or spilled. With several
    // batches in flight a later one can finish first, so the mark stops before the oldest hand-off
    // still queued or in flight, and WhenStoredAsync waits for the mark, not for any one batch.
    private long _enqueued;
    private long _storedThrough;
    private readonly HashSet<List<PendingWrite>> _inFlight = [];
    private readonly PriorityQueue<TaskCompletionSource, long> _storedWaiters = new();
    private long _queuedRows;
    private long _flushed, _duplicates, _spilled, _replayed, _failures;
    private DateTimeOffset? _lastFlushAt;
    private string? _lastError;
    private bool _postgresHealthy = true;
    private static readonly Task<string> BufferedAck = Task.FromResult("buffered");
    private readonly SemaphoreSlim _signal = new(0);
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private readonly Stopwatch _rateClock = Stopwatch.StartNew();
    private long _rateBase;

    /// <summary>Rows waiting in this silo.</summary>
    public long QueuedRows => Interlocked.Read(ref _queuedRows);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ActivityWriter), ServiceLifecycleStage.ApplicationServices, StartAsync, StopAsync);

    /// <summary>
    /// Takes rows for writing. Returns at once for buffered rows; for durable ones the task
    /// completes with "committed" or "spilled" once they are stored.
    /// </summary>
    public Task<string> EnqueueAsync(IReadOnlyList<ActivityRecord> rows, bool durable)
    {
        if (rows.Count == 0)
        {
            return BufferedAck;
        }

        PendingWrite pending;
        bool fillsBatch;
        lock (_lock)
        {
            if (_queuedRows + rows.Count > _options.MemoryQueueLimit && !CanSpill(rows.Count))
            {
                throw new UnavailableException("The activity pipeline is full; retry shortly.");
            }

            pending = new PendingWrite(rows, durable, ++_enqueued);
            _queue.Add(pending);
            _queuedRows += rows.Count;
            // Wake the loop once when a batch fills up, not on every hand-off after that.
            fillsBatch = _queuedRows >= _options.BatchSize && _queuedRows - rows.Count < _options.BatchSize;
        }

        Buffered.Inc(rows.Count);
        if (fillsBatch)
        {
            _signal.Release();
        }

        return pending.Completion?.Task ?? BufferedAck;
    }

    /// <summary>Completes when every row handed over before the call is stored.</summary>
    public Task WhenStoredAsync()
    {
        lock (_lock)
        {
            if (_storedThrough >= _enqueued)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _storedWaiters.Enqueue(waiter, _enqueued);
            return waiter.Task;
        }
    }

    public ActivityWriterStats GetStats()
    {
        var elapsed = _rateClock.Elapsed.TotalSeconds;
        var flushed = Interlocked.Read(ref _flushed);
        var rate = elapsed > 0 ? (flushed - Interlocked.Read(ref _rateBase)) / elapsed : 0;
        if (elapsed > 10)
        {
            Interlocked.Exchange(ref _rateBase, flushed);
            _rateClock.Restart();
        }

        return new ActivityWriterStats
        {
            Silo = silo.SiloAddress.ToParsableString(),
            Queued = QueuedRows,
            Flushed = flushed,
            Duplicates = Interlocked.Read(ref _duplicates),
            Spilled = Interlocked.Read(ref _spilled),
            Replayed = Interlocked.Read(ref _replayed),
            Failures = Interlocked.Read(ref _failures),
            FlushedPerSecond = rate,
            LastFlushAt = _lastFlushAt,
            LastError = _lastError,
            PostgresHealthy = _postgresHealthy,
            At = DateTimeOffset.UtcNow,
        };
    }

    public async Task<long> SpillDepthAsync()
    {
        if (redis is null)
        {
            return 0;
        }

        try
        {
            var depth = await redis.GetDatabase().ListLengthAsync(_options.SpillQueue);
            SpillDepth.Set(depth);
            return depth;
        }
        catch (RedisException)
        {
            return -1;
        }
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        _signal.Release();
        await _loop;
        // Whatever is still queued is written now, or spilled if PostgreSQL will not take it
        // (should Redis refuse too, the rows go with the silo, and the log says how many).
        while (TakeBatch() is { Count: > 0 } batch)
        {
            if (!await TryWriteAsync(batch, CancellationToken.None))
            {
                await SpillAsync(batch);
            }

            Settle(batch, stored: true);
        }

        LogStopped(logger, Interlocked.Read(ref _flushed));
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        var nextMaintenance = DateTime.UtcNow;
        var nextStatus = DateTime.UtcNow;
        var writes = new List<Task<bool>>(_options.Writers);
        Task<bool>? wakeUp = null;
        var nextFlush = DateTime.UtcNow + _options.ProcessInterval;
        while (!stopping.IsCancellationRequested)
        {
            if (DateTime.UtcNow >= nextMaintenance)
            {
                nextMaintenance = DateTime.UtcNow + (await TryMaintainAsync(stopping) ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(30));
            }

            // A write in flight is not cancelled by the silo stopping: it finishes (or fails and is
            // requeued) and the stop then drains the rest, so every batch ends stored or back in the queue.
            // Group commit: a batch starts when a full one is queued, a partial one only when the
            // interval is up — starting whatever had arrived each time a write ended made batches of
            // a few hundred rows under steady REST traffic, each paying its own rollup and commit.
            var due = DateTime.UtcNow >= nextFlush;
            while (writes.Count < _options.Writers && (due || QueuedRows >= _options.BatchSize) && TakeBatch() is { Count: > 0 } batch)
            {
                writes.Add(WriteOrRequeueAsync(batch, CancellationToken.None));
            }

            if (due && QueuedRows == 0)
            {
                nextFlush = DateTime.UtcNow + _options.ProcessInterval;
            }

            if (writes.Count == 0 && _postgresHealthy)
            {
                await ReplaySpillAsync(stopping);
            }

            if (DateTime.UtcNow >= nextStatus)
            {
                nextStatus = DateTime.UtcNow + StatusInterval;
                await PublishStatusAsync();
            }

            // Sleep until a write finishes, enough rows arrive for a batch, or the interval is up (with
            // every connection busy, only a finishing write can let more start); one wait on the
            // signal at a time, carried over while writes finish first.
            if (wakeUp is null && writes.Count < _options.Writers)
            {
                var untilFlush = nextFlush - DateTime.UtcNow;
                wakeUp = _signal.WaitAsync(untilFlush > TimeSpan.Zero ? untilFlush : TimeSpan.Zero, stopping);
            }

            var woken = await Task.WhenAny(wakeUp is null ? writes : writes.Append<Task>(wakeUp));
            if (woken == wakeUp)
            {
                wakeUp = null;
                continue;
            }

            var write = (Task<bool>)woken;
            writes.Remove(write);
            if (await write)
            {
                backoff = TimeSpan.FromMilliseconds(100);
                continue;
            }

            // PostgreSQL refused: the batch is back in front; let the other writes end, spill what
            // exceeds the memory limit, back off.
            await Task.WhenAll(writes);
            writes.Clear();
            await SpillOverflowAsync();
            try
            {
                await Task.Delay(backoff, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 5000));
        }

        await Task.WhenAll(writes);
        if (wakeUp is not null)
        {
            try
            {
                await wakeUp;
            }
            catch (OperationCanceledException)
            {
                // The stop cancelled the wait.
            }
        }
    }

    private async Task<bool> WriteOrRequeueAsync(List<PendingWrite> batch, CancellationToken cancellationToken)
    {
        var written = await TryWriteAsync(batch, cancellationToken);
        Settle(batch, stored: written);
        return written;
    }

    /// <summary>
    /// A batch left flight: stored, or back into the queue in hand-off order. Moves the stored mark
    /// to just before the oldest hand-off still waiting and releases whoever waited for it.
    /// </summary>
    private void Settle(List<PendingWrite> batch, bool stored)
    {
        List<TaskCompletionSource>? released = null;
        lock (_lock)
        {
            _inFlight.Remove(batch);
            if (!stored)
            {
                var at = 0;
                while (at < _queue.Count && _queue[at].Sequence < batch[0].Sequence)
                {
                    at++;
                }

                _queue.InsertRange(at, batch);
                _queuedRows += batch.Sum(p => p.Rows.Count);
                return;
            }

            var oldestWaiting = _queue.Count > 0 ? _queue[0].Sequence : _enqueued + 1;
            foreach (var other in _inFlight)
            {
                oldestWaiting = Math.Min(oldestWaiting, other[0].Sequence);
            }

            _storedThrough = oldestWaiting - 1;
            while (_storedWaiters.TryPeek(out _, out var through) && through <= _storedThrough)
            {
                (released ??= []).Add(_storedWaiters.Dequeue());
            }
        }

        released?.ForEach(waiter => waiter.TrySetResult());
    }

    private List<PendingWrite> TakeBatch()
    {
        lock (_lock)
        {
            var batch = new List<PendingWrite>();
            var rows = 0;
            var taken = 0;
            while (taken < _queue.Count && (rows == 0 || rows + _queue[taken].Rows.Count <= _options.BatchSize))
            {
                rows += _queue[taken].Rows.Count;
                batch.Add(_queue[taken]);
                taken++;
            }

            _queue.RemoveRange(0, taken);
            _queuedRows -= rows;
            if (taken > 0)
            {
                _inFlight.Add(batch);
            }

            return batch;
        }
    }

    private async Task<bool> TryWriteAsync(List<PendingWrite> batch, CancellationToken cancellationToken)
    {
        var rows = batch.SelectMany(p => p.Rows).ToList();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var inserted = await WriteRetryingConflictsAsync(rows, cancellationToken);
            FlushSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            Interlocked.Add(ref _flushed, inserted);
            Interlocked.Add(ref _duplicates, rows.Count - inserted);
            Flushed.Inc(inserted);
            Buffered.Dec(rows.Count);
            _lastFlushAt = DateTimeOffset.UtcNow;
            _postgresHealthy = true;
            foreach (var pending in batch)
            {
                pending.Completion?.TrySetResult("committed");
            }

            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            Interlocked.Increment(ref _failures);
            Failures.Inc();
            _lastError = e.Message;
            _postgresHealthy = false;
            LogWriteFailed(logger, e, rows.Count);
            return false;
        }
    }

    /// <summary>
    /// Concurrent batches upsert rollup rows in one order, but a deadlock or serialization failure
    /// can still end one of them; it says nothing about PostgreSQL's health, so the batch is tried
    /// again at once instead of being counted as an outage.
    /// </summary>
    private async Task<int> WriteRetryingConflictsAsync(List<ActivityRecord> rows, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.WriteAsync(rows, cancellationToken);
            }
            catch (PostgresException e) when (attempt < 3 && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                LogConflictRetried(logger, e.SqlState, rows.Count);
            }
        }
    }

    private bool CanSpill(int rows) =>
        redis is not null && Interlocked.Read(ref _spilled) - Interlocked.Read(ref _replayed) + rows <= _options.SpillLimit;

    private async Task SpillOverflowAsync()
    {
        // A batch at a time, oldest first: hand-offs of single rows spilled one by one would cost a
        // Redis round trip (and fsync) each, slower than new rows arrive.
        while (QueuedRows > _options.MemoryQueueLimit && redis is not null && TakeBatch() is { Count: > 0 } oldest)
        {
            var spilled = await SpillAsync(oldest);
            Settle(oldest, stored: spilled);
            if (!spilled)
            {
                return;
            }
        }
    }

    private async Task<bool> SpillAsync(List<PendingWrite> batch)
    {
        var rows = batch.SelectMany(p => p.Rows).ToList();
        if (redis is null || rows.Count == 0)
        {
            return false;
        }

        try
        {
            var values = rows.Select(r => (RedisValue)JsonSerializer.Serialize(r)).ToArray();
            await redis.GetDatabase().ListRightPushAsync(_options.SpillQueue, values);
            Interlocked.Add(ref _spilled, rows.Count);
            Spilled.Inc(rows.Count);
            Buffered.Dec(rows.Count);
            foreach (var pending in batch)
            {
                pending.Completion?.TrySetResult("spilled");
            }

            LogSpilled(logger, rows.Count);
            return true;
        }
        catch (RedisException e)
        {
            LogSpillFailed(logger, e, rows.Count);
            return false;
        }
    }

    /// <summary>
    /// Replays the spill list in order. One silo at a time (a Redis lock), reading a range and
    /// trimming it only after the commit: a crash in between replays rows again, and their
    /// primary keys keep them single.
    /// </summary>
    private async Task ReplaySpillAsync(CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            return;
        }

        try
        {
            var db = redis.GetDatabase();
            var lockKey = _options.SpillQueue + ":replay-lock";
            var owner = silo.SiloAddress.ToParsableString();
            if (await db.ListLengthAsync(_options.SpillQueue) == 0 || !await db.LockTakeAsync(lockKey, owner, TimeSpan.FromSeconds(30)))
            {
                return;
            }

            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var values = await db.ListRangeAsync(_options.SpillQueue, 0, _options.BatchSize - 1);
                    if (values.Length == 0)
                    {
                        break;
                    }

                    var rows = values.Select(v => JsonSerializer.Deserialize<ActivityRecord>((string)v!)!).ToList();
                    var inserted = await store.WriteAsync(rows, cancellationToken, replay: true);
                    await db.ListTrimAsync(_options.SpillQueue, values.Length, -1);
                    Interlocked.Add(ref _replayed, rows.Count);
                    Interlocked.Add(ref _flushed, inserted);
                    Interlocked.Add(ref _duplicates, rows.Count - inserted);
                    Flushed.Inc(inserted);
                    await db.LockExtendAsync(lockKey, owner, TimeSpan.FromSeconds(30));
                }
            }
            finally
            {
                await db.LockReleaseAsync(lockKey, owner);
            }
        }
        catch (Exception e) when (e is RedisException or NpgsqlException or TimeoutException or JsonException)
        {
            _lastError = e.Message;
            LogReplayFailed(logger, e);
        }
    }

    private async Task PublishStatusAsync()
    {
        if (redis is null)
        {
            return;
        }

        try
        {
            var stats = GetStats();
            await redis.GetDatabase().HashSetAsync(StatusKey, stats.Silo, JsonSerializer.Serialize(stats));
            await SpillDepthAsync();
        }
        catch (RedisException)
        {
            // Status is informative; the pipeline does not depend on it.
        }
    }

    private async Task<bool> TryMaintainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.MaintainPartitionsAsync(_options.RetentionMonths, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogMaintenanceFailed(logger, e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Rows} activities failed; they stay queued")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing {Rows} activities met {SqlState}; trying again")]
    private static partial void LogConflictRetried(ILogger logger, string sqlState, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spilled {Rows} activities to Redis while PostgreSQL is unavailable")]
    private static partial void LogSpilled(ILogger logger, int rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "Spilling {Rows} activities to Redis failed; they stay in memory")]
    private static partial void LogSpillFailed(ILogger logger, Exception exception, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replaying spilled activities failed; will retry")]
    private static partial void LogReplayFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity partition maintenance failed; will retry")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity writer stopped after committing {Rows} rows")]
    private static partial void LogStopped(ILogger logger, long rows);
}
