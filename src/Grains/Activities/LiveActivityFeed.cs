using System.Buffers;
using System.Text.Json;
using Lyss.UserGrains.Activities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;
using StackExchange.Redis;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// Publishes the accepted activities of watched tenants to their live streams (<see cref="LiveFeed"/>).
/// The writer offers every hand-off; a tenant nobody watches costs a set lookup. Offered rows wait in a
/// bounded queue (full: the newest are not published, counted) and go out every 100 ms, in the order
/// they were accepted — a user's activities are accepted by one grain, so their order holds. Without
/// Redis there is no live stream.
/// </summary>
public sealed partial class LiveActivityFeed(
    IOptions<Orleans.Configuration.ClusterOptions> cluster,
    ILogger<LiveActivityFeed> logger,
    IConnectionMultiplexer? redis = null)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private const int QueueLimit = 20_000;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan WatchRefresh = TimeSpan.FromSeconds(1);
    private static readonly Counter Unpublished = Metrics.CreateCounter(
        "user_activities_live_unpublished_total", "Accepted activities of watched tenants not published to the live stream (its queue full or Redis failing)");

    private readonly string _clusterId = cluster.Value.ClusterId;
    private volatile HashSet<Guid> _watched = [];
    private readonly Lock _lock = new();
    private List<ActivityRecord> _queue = [];
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LiveActivityFeed), ServiceLifecycleStage.ApplicationServices, Start, StopAsync);

    /// <summary>Takes the rows of watched tenants for publishing; returns at once.</summary>
    public void Offer(IReadOnlyList<ActivityRecord> rows)
    {
        var watched = _watched;
        if (watched.Count == 0)
        {
            return;
        }

        // Most hand-offs are of tenants nobody watches: they never take the lock.
        List<ActivityRecord>? taken = null;
        foreach (var row in rows)
        {
            if (watched.Contains(row.TenantId))
            {
                (taken ??= []).Add(row);
            }
        }

        if (taken is null)
        {
            return;
        }

        int dropped;
        lock (_lock)
        {
            var room = Math.Max(0, QueueLimit - _queue.Count);
            dropped = Math.Max(0, taken.Count - room);
            _queue.AddRange(dropped == 0 ? taken : taken.Take(room));
        }

        if (dropped > 0)
        {
            Unpublished.Inc(dropped);
        }
    }

    private Task Start(CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            return Task.CompletedTask;
        }

        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(redis.GetDatabase(), _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop;
    }

    private async Task RunAsync(IDatabase db, CancellationToken stopping)
    {
        var nextRefresh = DateTime.UtcNow;
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    if (DateTime.UtcNow >= nextRefresh)
                    {
                        nextRefresh = DateTime.UtcNow + WatchRefresh;
                        await RefreshWatchedAsync(db);
                    }

                    await PublishAsync(db);
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    // Nothing may end the loop: the live stream is a view, ingestion never waits on it.
                    LogPublishFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RefreshWatchedAsync(IDatabase db)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var members = await db.SortedSetRangeByScoreAsync(LiveFeed.WatchedKey(_clusterId), now, double.PositiveInfinity);
        var watched = new HashSet<Guid>(members.Length);
        foreach (var member in members)
        {
            if (Guid.TryParse((string?)member, out var tenant))
            {
                watched.Add(tenant);
            }
        }

        _watched = watched;
    }

    private async Task PublishAsync(IDatabase db)
    {
        List<ActivityRecord> rows;
        lock (_lock)
        {
            if (_queue.Count == 0)
            {
                return;
            }

            rows = _queue;
            _queue = [];
        }

        // One round trip for the lot: each tenant's entries in acceptance order, then its stream's idle expiry.
        var batch = db.CreateBatch();
        var sent = new List<Task>(rows.Count + 8);
        var buffer = new ArrayBufferWriter<byte>(512);
        var minId = $"{DateTimeOffset.UtcNow.Add(-LiveFeed.ReplayWindow).ToUnixTimeMilliseconds()}-0";
        foreach (var tenant in rows.GroupBy(r => r.TenantId))
        {
            var key = LiveFeed.StreamKey(_clusterId, tenant.Key);
            foreach (var row in tenant)
            {
                sent.Add(batch.StreamAddAsync(key,
                [
                    new NameValueEntry(LiveFeed.IdField, row.Id.ToString()),
                    new NameValueEntry(LiveFeed.UserField, row.UserId.ToString()),
                    new NameValueEntry(LiveFeed.TypeField, row.ActivityType),
                    new NameValueEntry(LiveFeed.DataField, EventJson(row, buffer)),
                ], maxLength: LiveFeed.MaxEntries, useApproximateMaxLength: true));
            }

            // Nothing older than the replay window stays (beside the length cap), and an idle stream goes.
            sent.Add(batch.StreamTrimByMinIdAsync(key, minId, useApproximateMaxLength: true));
            sent.Add(batch.KeyExpireAsync(key, LiveFeed.ReplayWindow * 2));
        }

        batch.Execute();
        try
        {
            await Task.WhenAll(sent);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unpublished.Inc(sent.Count(t => !t.IsCompletedSuccessfully));
            throw;
        }
    }

    /// <summary>
    /// Removes the user's entries from the live streams of <paramref name="tenants"/> (erasure), and their
    /// rows not yet published; returns how many. A publish already under way when it runs lands within a
    /// flush interval, so the streams are swept again after one.
    /// </summary>
    public async Task<long> EraseUserAsync(Guid userId, IEnumerable<Guid> tenants)
    {
        long removed;
        lock (_lock)
        {
            removed = _queue.RemoveAll(r => r.UserId == userId);
        }

        if (redis is null)
        {
            return removed;
        }

        var keys = tenants.Distinct().Select(t => (RedisKey)LiveFeed.StreamKey(_clusterId, t)).ToArray();
        removed += await DeleteEntriesAsync(redis.GetDatabase(), keys, userId.ToString());
        await Task.Delay(FlushInterval * 2);
        return removed + await DeleteEntriesAsync(redis.GetDatabase(), keys, userId.ToString());
    }

    private static async Task<long> DeleteEntriesAsync(IDatabase db, RedisKey[] keys, string user)
    {
        long removed = 0;
        foreach (var key in keys)
        {
            var ids = (await db.StreamRangeAsync(key)).Where(e => e[LiveFeed.UserField] == user).Select(e => e.Id).ToArray();
            if (ids.Length > 0)
            {
                removed += await db.StreamDeleteAsync(key, ids);
            }
        }

        return removed;
    }

    /// <summary>
    /// An item as <c>/admin/user-activities/user/{id}</c> lists it, with its user, on one line (an SSE
    /// data line): details are rewritten compactly, and left out (<c>details_omitted</c>) when the entry
    /// would pass <see cref="LiveFeed.MaxEntryBytes"/>.
    /// </summary>
    private static byte[] EventJson(ActivityRecord row, ArrayBufferWriter<byte> buffer)
    {
        var bytes = Write(row, buffer, withDetails: true);
        return bytes.Length <= LiveFeed.MaxEntryBytes ? bytes : Write(row, buffer, withDetails: false);
    }

    private static byte[] Write(ActivityRecord row, ArrayBufferWriter<byte> buffer, bool withDetails)
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", row.Id);
            json.WriteString("user_id", row.UserId);
            json.WriteString("activity_type", row.ActivityType);
            json.WriteString("resource_type", row.ResourceType);
            json.WriteString("resource_id", row.ResourceId);
            json.WritePropertyName("details");
            if (!withDetails || row.Details is null || !TryWriteCompact(json, row.Details))
            {
                json.WriteNullValue();
            }

            if (!withDetails && row.Details is not null)
            {
                json.WriteBoolean("details_omitted", true);
            }

            json.WriteString("session_id", row.SessionId);
            json.WriteString("ip_address", row.IpAddress);
            json.WriteString("user_agent", row.UserAgent);
            json.WriteString("occurred_at", row.OccurredAt);
            json.WriteString("created_at", row.ReceivedAt);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Details as stored keep their sender's whitespace (line breaks too): written again, compact.</summary>
    private static bool TryWriteCompact(Utf8JsonWriter json, string details)
    {
        try
        {
            using var document = JsonDocument.Parse(details);
            document.RootElement.WriteTo(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing live activities to Redis failed; they are not in the live stream")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
