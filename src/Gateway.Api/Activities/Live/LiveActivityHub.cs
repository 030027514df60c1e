using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Errors;
using StackExchange.Redis;

namespace Lyss.UserGrains.Gateway.Activities.Live;

/// <summary>
/// This gateway's live streams. For each tenant someone here watches it keeps the watch renewed in
/// Redis (so every silo publishes that tenant's activities, <see cref="LiveFeed"/>), reads the
/// tenant's Redis stream every 100 ms and offers each entry to the tenant's subscriptions; a watch
/// outlives its last client by the replay window, so a client reconnecting with
/// <c>Last-Event-ID</c> within it misses nothing.
/// </summary>
public sealed partial class LiveActivityHub(LiveStreamSettings settings, ILogger<LiveActivityHub> logger, IConnectionMultiplexer? redis = null)
    : BackgroundService
{
    /// <summary>Streams open at once, per tenant and per gateway.</summary>
    public const int MaxPerTenant = 16;
    public const int MaxPerGateway = 512;

    private static readonly TimeSpan ReadInterval = TimeSpan.FromMilliseconds(100);
    private const int ReadCount = 2_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, TenantWatch> _watches = [];
    private int _open;

    /// <summary>False without Redis: the live stream needs it to hear from every silo.</summary>
    public bool Available => redis is not null;

    /// <summary>
    /// Opens a stream of the tenant's activities; with <paramref name="lastEventId"/> (an activity id
    /// sent before) those after it within the replay window come first.
    /// </summary>
    public async Task<LiveSubscription> SubscribeAsync(Guid tenantId, Guid? userId, string? activityType, string? lastEventId, CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            throw new UnavailableException("The live stream needs Redis (ConnectionStrings:Redis), which this gateway is not configured with.") { Code = "live_stream_unavailable" };
        }

        TenantWatch watch;
        bool created;
        var subscription = new LiveSubscription(tenantId, userId, activityType);
        lock (_lock)
        {
            if (_open >= MaxPerGateway)
            {
                throw new TooManyRequestsException($"This gateway serves {MaxPerGateway} live streams at once; try again shortly.") { Code = "too_many_streams", RetryAfterSeconds = 5 };
            }

            created = !_watches.TryGetValue(tenantId, out watch!);
            if (created)
            {
                watch = new TenantWatch(LiveFeed.StreamKey(settings.ClusterId, tenantId));
                _watches[tenantId] = watch;
            }

            if (watch.Subscriptions.Count >= MaxPerTenant)
            {
                throw new TooManyRequestsException($"A tenant may have {MaxPerTenant} live streams open at once.") { Code = "too_many_streams", RetryAfterSeconds = 5 };
            }

            // Counted before the first await, so racing requests cannot pass the limits together.
            watch.Subscriptions.Add(subscription);
            watch.IdleSince = null;
            _open++;
        }

        try
        {
            var db = redis.GetDatabase();
            if (created)
            {
                // Watched at once, not at the next renewal: silos pick it up within a second.
                await db.SortedSetAddAsync(LiveFeed.WatchedKey(settings.ClusterId), tenantId.ToString(), WatchExpiry());
            }

            await watch.Gate.WaitAsync(cancellationToken);
            try
            {
                if (!watch.Started)
                {
                    var last = await db.StreamRangeAsync(watch.Key, "-", "+", 1, Order.Descending);
                    watch.Cursor = last.Length > 0 ? StreamCursor.Parse(last[0].Id!) : StreamCursor.Start;
                    watch.Started = true;
                }

                subscription.Cursor = watch.Cursor;
                if (lastEventId is { Length: > 0 })
                {
                    await ReplayAsync(db, watch, subscription, lastEventId);
                }
            }
            finally
            {
                watch.Gate.Release();
            }

            return subscription;
        }
        catch
        {
            Unsubscribe(subscription);
            throw;
        }
    }

    /// <summary>Offers the entries after <paramref name="lastEventId"/> (found within the window); an id not found replays nothing.</summary>
    private static async Task ReplayAsync(IDatabase db, TenantWatch watch, LiveSubscription subscription, string lastEventId)
    {
        var from = DateTimeOffset.UtcNow.Add(-LiveFeed.ReplayWindow).ToUnixTimeMilliseconds();
        var entries = await db.StreamRangeAsync(watch.Key, $"{from}-0", "+");
        var found = Array.FindIndex(entries, e => e[LiveFeed.IdField] == lastEventId);
        if (found < 0)
        {
            return;
        }

        for (var i = found + 1; i < entries.Length; i++)
        {
            var cursor = StreamCursor.Parse(entries[i].Id!);
            if (cursor > watch.Cursor)
            {
                // Not read by the live loop yet: it offers it (cursor kept below) — never twice.
                break;
            }

            if (ToEvent(entries[i]) is { } e)
            {
                subscription.Offer(e);
            }
        }
    }

    public void Unsubscribe(LiveSubscription subscription)
    {
        lock (_lock)
        {
            if (_watches.TryGetValue(subscription.TenantId, out var watch) && watch.Subscriptions.Remove(subscription))
            {
                _open--;
                if (watch.Subscriptions.Count == 0)
                {
                    watch.IdleSince = DateTimeOffset.UtcNow;
                }
            }
        }

        subscription.Complete();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (redis is null)
        {
            return;
        }

        var db = redis.GetDatabase();
        var nextRenewal = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(ReadInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (DateTimeOffset.UtcNow >= nextRenewal)
                    {
                        nextRenewal = DateTimeOffset.UtcNow + LiveFeed.WatchRenewal;
                        await RenewWatchesAsync(db);
                    }

                    await ReadAsync(db);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Redis gone for a moment: streams stay open and catch up from their cursors.
                    LogReadFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RenewWatchesAsync(IDatabase db)
    {
        List<Guid> renew;
        lock (_lock)
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var (tenant, watch) in _watches.Where(w => w.Value.IdleSince is { } idle && now - idle > LiveFeed.ReplayWindow).ToList())
            {
                _watches.Remove(tenant);
            }

            renew = [.. _watches.Keys];
        }

        var key = LiveFeed.WatchedKey(settings.ClusterId);
        if (renew.Count > 0)
        {
            var expiry = WatchExpiry();
            await db.SortedSetAddAsync(key, [.. renew.Select(t => new SortedSetEntry(t.ToString(), expiry))]);
        }

        // Lapsed watches of gateways that stopped without saying so.
        await db.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private async Task ReadAsync(IDatabase db)
    {
        List<TenantWatch> active;
        lock (_lock)
        {
            active = [.. _watches.Values.Where(w => w.Subscriptions.Count > 0 && w.Started)];
        }

        if (active.Count == 0)
        {
            return;
        }

        var streams = await db.StreamReadAsync([.. active.Select(w => new StreamPosition(w.Key, w.Cursor.ToString()))], ReadCount);
        foreach (var stream in streams)
        {
            if (stream.Entries.Length == 0)
            {
                continue;
            }

            var watch = active.First(w => w.Key == stream.Key);
            await watch.Gate.WaitAsync();
            try
            {
                LiveSubscription[] subscriptions;
                lock (_lock)
                {
                    subscriptions = [.. watch.Subscriptions];
                }

                foreach (var entry in stream.Entries)
                {
                    var cursor = StreamCursor.Parse(entry.Id!);
                    if (!(cursor > watch.Cursor) || ToEvent(entry) is not { } e)
                    {
                        continue;
                    }

                    watch.Cursor = cursor;
                    foreach (var subscription in subscriptions)
                    {
                        if (cursor > subscription.Cursor)
                        {
                            subscription.Offer(e);
                            subscription.Cursor = cursor;
                        }
                    }
                }
            }
            finally
            {
                watch.Gate.Release();
            }
        }
    }

    private static LiveEvent? ToEvent(StreamEntry entry)
    {
        var id = entry[LiveFeed.IdField];
        var data = entry[LiveFeed.DataField];
        return id.IsNull || data.IsNull || !Guid.TryParse((string?)entry[LiveFeed.UserField], out var user)
            ? null
            : new LiveEvent(id!, user, (string?)entry[LiveFeed.TypeField] ?? "", data!);
    }

    private static double WatchExpiry() => DateTimeOffset.UtcNow.Add(LiveFeed.WatchLease).ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the live activity streams from Redis failed; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    /// <summary>One watched tenant: its stream, how far it has been read, its subscriptions.</summary>
    private sealed class TenantWatch(string key)
    {
        public string Key { get; } = key;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public bool Started { get; set; }

        public StreamCursor Cursor { get; set; }

        public List<LiveSubscription> Subscriptions { get; } = [];

        public DateTimeOffset? IdleSince { get; set; }
    }
}
