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

        var dropped = 0;
        lock (_lock)
        {
            foreach (var row in rows)
            {
                if (!watched.Contains(row.TenantId))
                {
                    continue;
                }

                if (_queue.Count >= QueueLimit)
                {
                    dropped++;
                    continue;
                }

                _queue.Add(row);
            }
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

    /// <summary>Removes the user's entries from the live streams of <paramref name="tenants"/> (erasure); returns how many.</summary>
    public async Task<long> EraseUserAsync(Guid userId, IEnumerable<Guid> tenants)
    {
        if (redis is null)
        {
            return 0;
        }

        var db = redis.GetDatabase();
        var user = userId.ToString();
        long removed = 0;
        foreach (var tenant in tenants.Distinct())
        {
            var key = LiveFeed.StreamKey(_clusterId, tenant);
            var ids = (await db.StreamRangeAsync(key)).Where(e => e[LiveFeed.UserField] == user).Select(e => e.Id).ToArray();
            if (ids.Length > 0)
            {
                removed += await db.StreamDeleteAsync(key, ids);
            }
        }

        return removed;
    }

    /// <summary>An item as <c>/admin/user-activities/user/{id}</c> lists it, with its user.</summary>
    private static byte[] EventJson(ActivityRecord row, ArrayBufferWriter<byte> buffer)
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
            if (row.Details is null)
            {
                json.WriteNullValue();
            }
            else
            {
                // Details are JSON checked at intake; the stream still never trusts them blindly.
                try
                {
                    json.WriteRawValue(row.Details);
                }
                catch (Exception e) when (e is JsonException or ArgumentException)
                {
                    json.WriteNullValue();
                }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing live activities to Redis failed; they are not in the live stream")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
