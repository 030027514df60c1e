using System.Diagnostics;
using System.Text.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Prometheus;
using StackExchange.Redis;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// The silo-wide activity writer: the queue and its group commit. User grains hand their accepted
/// activities here; one loop coalesces them into binary COPY batches, with up to
/// <see cref="ActivityWriterOptions.Writers"/> batches in flight on their own connections, each
/// committed by <see cref="ActivityBatchCommitter"/> (rows PostgreSQL refuses for their content go
/// to the dead letters; the rest is stored). While PostgreSQL is unavailable the queued rows go to
/// the Redis spill (<see cref="ActivitySpill"/>), replayed once it is back. Memory never holds
/// more than <see cref="ActivityWriterOptions.MemoryQueueLimit"/> rows: past it, 503. On silo
/// shutdown everything queued is written (or spilled) before the silo stops.
/// </summary>
public sealed partial class ActivityWriter(
    ActivityBatchCommitter committer,
    ActivityStore store,
    ActivitySpill spill,
    LiveActivityFeed live,
    IOptions<ActivityWriterOptions> options,
    ILocalSiloDetails silo,
    IOptions<Orleans.Configuration.ClusterOptions> cluster,
    ILogger<ActivityWriter> logger,
    IConnectionMultiplexer? redis = null)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Histogram FlushSeconds = Metrics.CreateHistogram(
        "user_activities_flush_seconds", "Time to commit one batch", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
    private static readonly Counter Flushed = Metrics.CreateCounter("user_activities_flushed_rows_total", "Activity rows committed to PostgreSQL");
    private static readonly Counter Failures = Metrics.CreateCounter("user_activities_writer_failures_total", "Failed batch writes");
    private static readonly Gauge Buffered = Metrics.CreateGauge("user_activities_buffered", "Activity rows waiting in this silo's writer");

    /// <summary>The Redis hash where every silo's writer of a cluster publishes its figures for queue-status (clusters may share a Redis).</summary>
    public static string StatusKey(string clusterId) => "lyss:activity-writers:" + clusterId;
    public static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReplayCheckInterval = TimeSpan.FromSeconds(1);

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
    private long _heldRows;
    private TaskCompletionSource? _room;
    private long _flushed, _duplicates, _replayed, _failures;
    private DateTimeOffset? _lastFlushAt;
    private string? _lastError;
    private volatile bool _postgresHealthy = true;
    private static readonly Task<Durability> BufferedAck = Task.FromResult(Durability.Buffered);
    private readonly SemaphoreSlim _signal = new(0);
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private readonly Stopwatch _rateClock = Stopwatch.StartNew();
    private long _rateBase;

    /// <summary>Rows waiting in this silo, in the queue or in a batch being written.</summary>
    public long QueuedRows => Interlocked.Read(ref _heldRows);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ActivityWriter), ServiceLifecycleStage.ApplicationServices, StartAsync, StopAsync);

    /// <summary>
    /// Takes rows for writing. Returns at once for buffered rows; for durable ones the task
    /// completes once they are committed or spilled. Throws <see cref="UnavailableException"/>
    /// when memory holds its limit (PostgreSQL and the spill both unable to take more).
    /// </summary>
    public Task<Durability> EnqueueAsync(IReadOnlyList<ActivityRecord> rows, bool durable)
    {
        if (rows.Count == 0)
        {
            return BufferedAck;
        }

        return TryEnqueue(rows, durable, out var stored, out _) ? stored : EnqueueWhenRoomAsync(rows, durable);
    }

    /// <summary>Memory holds its limit: wait for the writer (or the spill) to free room, within <see cref="ActivityWriterOptions.FullQueueWait"/>.</summary>
    private async Task<Durability> EnqueueWhenRoomAsync(IReadOnlyList<ActivityRecord> rows, bool durable)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.FullQueueWait.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (TryEnqueue(rows, durable, out var stored, out var room))
            {
                return await stored;
            }

            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero || await Task.WhenAny(room!, Task.Delay(left)) != room)
            {
                throw new UnavailableException("The activity pipeline is full (PostgreSQL is behind or unavailable); retry shortly.") { Code = "pipeline_full" };
            }
        }
    }

    /// <summary>Queues the rows if memory has room (or holds nothing); otherwise hands back a task completed when room is freed.</summary>
    private bool TryEnqueue(IReadOnlyList<ActivityRecord> rows, bool durable, out Task<Durability> stored, out Task? room)
    {
        PendingWrite pending;
        bool fillsBatch;
        lock (_lock)
        {
            if (_heldRows > 0 && _heldRows + rows.Count > _options.MemoryQueueLimit)
            {
                stored = BufferedAck;
                room = (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                return false;
            }

            pending = new PendingWrite(rows, durable, ++_enqueued);
            _queue.Add(pending);
            _queuedRows += rows.Count;
            _heldRows += rows.Count;
            // Wake the loop once when a batch fills up, not on every hand-off after that.
            fillsBatch = _queuedRows >= _options.BatchSize && _queuedRows - rows.Count < _options.BatchSize;
        }

        Buffered.Inc(rows.Count);
        live.Offer(rows);
        if (fillsBatch)
        {
            _signal.Release();
        }

        stored = pending.Completion?.Task ?? BufferedAck;
        room = null;
        return true;
    }

    /// <summary>Completes when every row handed over before the call is stored (committed, spilled or dead-lettered).</summary>
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
            Spilled = spill.SpilledRows,
            Replayed = Interlocked.Read(ref _replayed),
            Failures = Interlocked.Read(ref _failures),
            DeadLettered = committer.DeadLettered,
            LastDeadLetterSqlState = committer.LastDeadLetter?.SqlState,
            LastDeadLetterAt = committer.LastDeadLetter?.At,
            FlushedPerSecond = rate,
            LastFlushAt = _lastFlushAt,
            LastError = _lastError,
            PostgresHealthy = _postgresHealthy,
            At = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>The spill list's length (-1: Redis does not answer).</summary>
    public Task<long> SpillDepthAsync() => spill.RefreshDepthAsync();

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => SuperviseAsync(_stopping.Token), CancellationToken.None);
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
        var lost = 0;
        while (TakeBatch() is { Count: > 0 } batch)
        {
            if (!await TryWriteAsync(batch, CancellationToken.None) && !await SpillAsync(batch))
            {
                lost += batch.Sum(p => p.Rows.Count);
                Settle(batch, stored: true);
            }
        }

        if (lost > 0)
        {
            LogLostAtStop(logger, lost);
        }

        LogStopped(logger, Interlocked.Read(ref _flushed));
    }

    /// <summary>Every tenant's activities wait on the loop: should it ever fail, it is logged and started again.</summary>
    private async Task SuperviseAsync(CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await RunAsync(stopping);
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LogLoopFailed(logger, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        var nextStatus = DateTime.UtcNow;
        var nextReplay = DateTime.UtcNow;
        var writes = new List<Task<bool>>(_options.Writers);
        Task<bool>? wakeUp = null;
        Task? probe = null;
        var nextFlush = DateTime.UtcNow + _options.ProcessInterval;
        while (!stopping.IsCancellationRequested)
        {
            // A write in flight is not cancelled by the silo stopping: it finishes (or fails and is
            // requeued) and the stop then drains the rest, so every batch ends stored or back in the queue.
            // Group commit: a batch starts when a full one is queued, a partial one only when the
            // interval is up — starting whatever had arrived each time a write ended made batches of
            // a few hundred rows under steady REST traffic, each paying its own rollup and commit.
            var due = DateTime.UtcNow >= nextFlush;
            var outage = !_postgresHealthy && spill.CanTake(0);
            if (outage && (due || Interlocked.Read(ref _queuedRows) >= _options.BatchSize))
            {
                // PostgreSQL is down and the spill takes rows: they go there as they come (memory stays
                // free, durable writers get their answer); a probe in the background tells when it is back.
                await SpillQueuedAsync();
            }

            while (!outage && writes.Count < _options.Writers && (due || Interlocked.Read(ref _queuedRows) >= _options.BatchSize) && TakeBatch() is { Count: > 0 } batch)
            {
                writes.Add(WriteOrRequeueAsync(batch));
            }

            if (due && Interlocked.Read(ref _queuedRows) == 0)
            {
                nextFlush = DateTime.UtcNow + _options.ProcessInterval;
            }

            // During an outage rows go to the spill, so no write finds out that PostgreSQL is back: a probe
            // (not awaited: a connect timeout must not hold the loop) does, and the replay starts.
            if (!_postgresHealthy && (probe is null || probe.IsCompleted) && DateTime.UtcNow >= nextReplay)
            {
                probe = ProbeAsync(stopping);
                nextReplay = DateTime.UtcNow + ReplayCheckInterval;
            }

            if (writes.Count == 0 && _postgresHealthy && spill.Enabled && DateTime.UtcNow >= nextReplay)
            {
                nextReplay = DateTime.UtcNow + (await ReplayAsync(stopping) ? TimeSpan.Zero : ReplayCheckInterval);
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

            // PostgreSQL is unavailable: the batch is back in front; let the other writes end, move
            // what is queued to the spill (durable writers get their answer, memory stays free), back off.
            await Task.WhenAll(writes);
            writes.Clear();
            await SpillQueuedAsync();
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

    private async Task<bool> WriteOrRequeueAsync(List<PendingWrite> batch)
    {
        var written = await TryWriteAsync(batch, CancellationToken.None);
        if (!written)
        {
            Settle(batch, stored: false);
        }

        return written;
    }

    /// <summary>
    /// A batch left flight: stored, or back into the queue in hand-off order. Moves the stored mark
    /// to just before the oldest hand-off still waiting and releases whoever waited for it.
    /// </summary>
    private void Settle(List<PendingWrite> batch, bool stored)
    {
        List<TaskCompletionSource>? released = null;
        TaskCompletionSource? room = null;
        var rows = batch.Sum(p => p.Rows.Count);
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
                _queuedRows += rows;
                return;
            }

            _heldRows -= rows;
            room = _room;
            _room = null;
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

        Buffered.Dec(rows);
        room?.TrySetResult();
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

    /// <summary>Commits a batch; true when it is stored (rows refused for their content included, as dead letters).</summary>
    private async Task<bool> TryWriteAsync(List<PendingWrite> batch, CancellationToken cancellationToken)
    {
        var rows = batch.SelectMany(p => p.Rows).ToList();
        var started = Stopwatch.GetTimestamp();
        using var span = StartCopySpan(batch, rows.Count);
        try
        {
            var (inserted, deadLettered) = await committer.CommitAsync(rows, replay: false, cancellationToken);
            span?.SetTag("lyss.rows.inserted", inserted).SetTag("lyss.rows.dead_lettered", deadLettered);
            FlushSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            Interlocked.Add(ref _flushed, inserted);
            Interlocked.Add(ref _duplicates, rows.Count - inserted - deadLettered);
            Flushed.Inc(inserted);
            _lastFlushAt = DateTimeOffset.UtcNow;
            _postgresHealthy = true;
            foreach (var pending in batch)
            {
                pending.Completion?.TrySetResult(Durability.Committed);
            }

            Settle(batch, stored: true);
            return true;
        }
        catch (Exception e)
        {
            // Whatever failed (the committer already set aside rows PostgreSQL refused), the rows stay:
            // no exception may end the loop that every tenant's activities wait on.
            Interlocked.Increment(ref _failures);
            Failures.Inc();
            _lastError = $"{WriteFaults.Code(e)}: {e.Message}";
            span?.SetStatus(ActivityStatusCode.Error, WriteFaults.Code(e));
            _postgresHealthy = false;
            LogWriteFailed(logger, e, rows.Count);
            return false;
        }
    }

    /// <summary>
    /// The batch's COPY as a span of its own trace (a batch carries many requests' rows), linked to the
    /// grain calls that handed its rows over; null when nothing listens (tracing off).
    /// </summary>
    private static Activity? StartCopySpan(List<PendingWrite> batch, int rows)
    {
        if (!Telemetry.LyssActivitySources.Activities.HasListeners())
        {
            return null;
        }

        var links = new List<ActivityLink>();
        var seen = new HashSet<ActivityContext>();
        foreach (var pending in batch)
        {
            // OpenTelemetry keeps 128 links a span by default.
            if (pending.Origin != default && links.Count < 128 && seen.Add(pending.Origin))
            {
                links.Add(new ActivityLink(pending.Origin));
            }
        }

        var span = Telemetry.LyssActivitySources.Activities.StartActivity(
            "COPY user_activities", ActivityKind.Internal, parentContext: default, tags: null, links: links);
        span?.SetTag("db.system.name", "postgresql").SetTag("lyss.rows", rows).SetTag("lyss.hand_offs", batch.Count);
        return span;
    }

    /// <summary>Moves the queued rows to the spill, a batch at a time, oldest first, while it takes them.</summary>
    private async Task SpillQueuedAsync()
    {
        while (spill.CanTake(0) && TakeBatch() is { Count: > 0 } oldest)
        {
            if (!await SpillAsync(oldest))
            {
                Settle(oldest, stored: false);
                return;
            }
        }
    }

    /// <summary>Spills a batch taken from the queue; on success it is settled as stored.</summary>
    private async Task<bool> SpillAsync(List<PendingWrite> batch)
    {
        var rows = batch.SelectMany(p => p.Rows).ToList();
        if (!await spill.PushAsync(rows))
        {
            return false;
        }

        foreach (var pending in batch)
        {
            pending.Completion?.TrySetResult(Durability.Spilled);
        }

        Settle(batch, stored: true);
        return true;
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            _postgresHealthy = true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _lastError = $"{WriteFaults.Code(e)}: {e.Message}";
        }
    }

    /// <summary>Replays the spill; true when it found rows (look again at once).</summary>
    private async Task<bool> ReplayAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (replayed, inserted) = await spill.ReplayAsync(cancellationToken);
            Interlocked.Add(ref _replayed, replayed);
            Interlocked.Add(ref _flushed, inserted);
            Flushed.Inc(inserted);
            return replayed > 0;
        }
        catch (Exception e)
        {
            _lastError = $"{WriteFaults.Code(e)}: {e.Message}";
            if (WriteFaults.IsOutage(e))
            {
                _postgresHealthy = false;
            }

            LogReplayFailed(logger, e);
            return false;
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
            await redis.GetDatabase().HashSetAsync(StatusKey(cluster.Value.ClusterId), stats.Silo, JsonSerializer.Serialize(stats));
            await spill.RefreshDepthAsync();
        }
        catch (Exception)
        {
            // Status is informative; the pipeline does not depend on it (a Redis timeout once ended the loop here).
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Rows} activities failed; they stay queued")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int rows);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The activity writer's loop failed; starting it again")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replaying spilled activities failed; will retry")]
    private static partial void LogReplayFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Stopping with PostgreSQL and Redis both unavailable: {Rows} activities could not be stored")]
    private static partial void LogLostAtStop(ILogger logger, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity writer stopped after committing {Rows} rows")]
    private static partial void LogStopped(ILogger logger, long rows);
}
