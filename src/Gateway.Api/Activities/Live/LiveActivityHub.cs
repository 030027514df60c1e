using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Errors;
using StackExchange.Redis;

namespace Lyss.UserGrains.Gateway.Activities.Live;

/// <summary>
/// This gateway's live streams. For each tenant someone here watches it keeps the watch renewed in
/// Redis (so every silo publishes that tenant's activities, <see cref="LiveFeed"/>), reads the
/// tenant's Redis stream every 100 ms and offers each entry to the tenant's subscriptions; a watch
/// outlives its last client by the replay window, so a client reconnecting with
/// <c>Last-Event-ID</c> within it misses nothing. Redis is never awaited while a tenant's
/// subscriptions are locked: a slow replay of one tenant holds up no other stream.
/// </summary>
public sealed partial class LiveActivityHub(LiveStreamSettings settings, ILogger<LiveActivityHub> logger, IConnectionMultiplexer? redis = null)
    : BackgroundService
{
    /// <summary>Streams open at once, per tenant and per gateway.</summary>
    public const int MaxPerTenant = 8;
    public const int MaxPerGateway = 256;

    private static readonly TimeSpan ReadInterval = TimeSpan.FromMilliseconds(100);
    private const int ReadCount = 2_000;
    private const int MaxReadsPerTick = 5;

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, TenantWatch> _watches = [];
    private int _open;

    /// <summary>
    /// Opens a stream of the tenant's activities from now on; with <paramref name="lastEventId"/> (an
    /// activity id sent before, found within the replay window) from just after it.
    /// </summary>
    public async Task<LiveSubscription> SubscribeAsync(Guid tenantId, Guid? userId, string? activityType, string? lastEventId, CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            throw new UnavailableException("The live stream needs Redis (ConnectionStrings:Redis), which this gateway is not configured with.") { Code = "live_stream_unavailable" };
        }

        var (watch, isNew) = Reserve(tenantId);
        var subscription = new LiveSubscription(tenantId, userId, activityType);
        var joined = false;
        try
        {
            var db = redis.GetDatabase();
            if (isNew)
            {
                // Watched at once, not at the next renewal: silos pick it up within a second.
                await db.SortedSetAddAsync(LiveFeed.WatchedKey(settings.ClusterId), tenantId.ToString(), WatchExpiry());
            }

            var last = await db.StreamRangeAsync(watch.Key, "-", "+", 1, Order.Descending);
            var end = last.Length > 0 ? StreamCursor.Parse(last[0].Id!) : StreamCursor.Start;
            var replay = lastEventId is { Length: > 0 } ? await ReplayAsync(db, watch.Key, lastEventId) : null;
            lock (watch)
            {
                if (watch.Subscriptions.Count == 0 && end > watch.Cursor)
                {
                    // Nobody was reading: skip what came before, nobody asked for it.
                    watch.Cursor = end;
                }

                watch.Started = true;
                subscription.Cursor = end;
                if (replay is { } entries)
                {
                    foreach (var (_, e) in entries)
                    {
                        subscription.Offer(e);
                    }

                    subscription.Cursor = entries.Count > 0 && entries[^1].Cursor > end ? entries[^1].Cursor : end;
                }

                watch.Subscriptions.Add(subscription);
                joined = true;
            }

            return subscription;
        }
        catch
        {
            if (!joined)
            {
                Release(watch);
            }

            throw;
        }
    }

    /// <summary>Counts the stream against the limits before any await, so racing requests cannot pass them together.</summary>
    private (TenantWatch Watch, bool IsNew) Reserve(Guid tenantId)
    {
        lock (_lock)
        {
            if (_open >= MaxPerGateway)
            {
                throw new TooManyRequestsException($"This gateway serves {MaxPerGateway} live streams at once; try again shortly.") { Code = "too_many_streams", RetryAfterSeconds = 5 };
            }

            var isNew = !_watches.TryGetValue(tenantId, out var watch);
            if (isNew)
            {
                watch = new TenantWatch(LiveFeed.StreamKey(settings.ClusterId, tenantId));
                _watches[tenantId] = watch;
            }

            if (watch!.Reserved >= MaxPerTenant)
            {
                throw new TooManyRequestsException($"A tenant may have {MaxPerTenant} live streams open at once on a gateway.") { Code = "too_many_streams", RetryAfterSeconds = 5 };
            }

            watch.Reserved++;
            watch.IdleSince = null;
            _open++;
            return (watch, isNew);
        }
    }

    private void Release(TenantWatch watch)
    {
        lock (_lock)
        {
            _open--;
            if (--watch.Reserved == 0)
            {
                watch.IdleSince = DateTimeOffset.UtcNow;
            }
        }
    }

    /// <summary>The entries after <paramref name="lastEventId"/> within the window (at most a client's buffer); null when it is not there.</summary>
    private static async Task<List<(StreamCursor Cursor, LiveEvent Event)>?> ReplayAsync(IDatabase db, string key, string lastEventId)
    {
        var from = DateTimeOffset.UtcNow.Add(-LiveFeed.ReplayWindow).ToUnixTimeMilliseconds();
        var entries = await db.StreamRangeAsync(key, $"{from}-0", "+", LiveFeed.MaxEntries);
        var found = Array.FindIndex(entries, e => e[LiveFeed.IdField] == lastEventId);
        if (found < 0)
        {
            return null;
        }

        var replay = new List<(StreamCursor, LiveEvent)>();
        for (var i = found + 1; i < entries.Length; i++)
        {
            if (ToEvent(entries[i]) is { } e)
            {
                replay.Add((StreamCursor.Parse(entries[i].Id!), e));
            }
        }

        return replay;
    }

    public void Unsubscribe(LiveSubscription subscription)
    {
        TenantWatch? watch;
        lock (_lock)
        {
            _watches.TryGetValue(subscription.TenantId, out watch);
        }

        if (watch is not null)
        {
            bool removed;
            lock (watch)
            {
                removed = watch.Subscriptions.Remove(subscription);
            }

            if (removed)
            {
                Release(watch);
            }
        }

        subscription.Complete();
    }

    /// <summary>Ends every open stream, so a stopping gateway does not wait for its clients to hang up.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        List<TenantWatch> watches;
        lock (_lock)
        {
            watches = [.. _watches.Values];
        }

        foreach (var watch in watches)
        {
            lock (watch)
            {
                watch.Subscriptions.ForEach(s => s.Complete());
            }
        }

        await base.StopAsync(cancellationToken);
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

                    // A tenant sending more than a read's worth in 100 ms is read again at once.
                    for (var reads = 0; reads < MaxReadsPerTick && await ReadAsync(db); reads++)
                    {
                    }
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
            foreach (var (tenant, _) in _watches.Where(w => w.Value.Reserved == 0 && w.Value.IdleSince is { } idle && now - idle > LiveFeed.ReplayWindow).ToList())
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

    /// <summary>Reads the watched tenants' new entries once and offers them; true when some tenant had more than a read's worth.</summary>
    private async Task<bool> ReadAsync(IDatabase db)
    {
        List<(TenantWatch Watch, StreamCursor Cursor)> active = [];
        lock (_lock)
        {
            foreach (var watch in _watches.Values)
            {
                lock (watch)
                {
                    if (watch.Started && watch.Subscriptions.Count > 0)
                    {
                        active.Add((watch, watch.Cursor));
                    }
                }
            }
        }

        if (active.Count == 0)
        {
            return false;
        }

        var streams = await db.StreamReadAsync([.. active.Select(a => new StreamPosition(a.Watch.Key, a.Cursor.ToString()))], ReadCount);
        var more = false;
        foreach (var stream in streams)
        {
            more |= stream.Entries.Length >= ReadCount;
            var watch = active.First(a => a.Watch.Key == (string?)stream.Key).Watch;
            lock (watch)
            {
                foreach (var entry in stream.Entries)
                {
                    var cursor = StreamCursor.Parse(entry.Id!);
                    if (!(cursor > watch.Cursor))
                    {
                        continue;
                    }

                    watch.Cursor = cursor;
                    if (ToEvent(entry) is not { } e)
                    {
                        continue;
                    }

                    foreach (var subscription in watch.Subscriptions)
                    {
                        if (cursor > subscription.Cursor)
                        {
                            subscription.Offer(e);
                            subscription.Cursor = cursor;
                        }
                    }
                }
            }
        }

        return more;
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

    /// <summary>One watched tenant: its stream, how far it has been read, its subscriptions (all under the watch's lock).</summary>
    private sealed class TenantWatch(string key)
    {
        public string Key { get; } = key;

        public bool Started { get; set; }

        public StreamCursor Cursor { get; set; }

        public List<LiveSubscription> Subscriptions { get; } = [];

        /// <summary>Streams counted against the limits (under the hub's lock), joined or still joining.</summary>
        public int Reserved { get; set; }

        public DateTimeOffset? IdleSince { get; set; }
    }
}
