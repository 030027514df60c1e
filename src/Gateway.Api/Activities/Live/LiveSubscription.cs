using System.Threading.Channels;

namespace Lyss.UserGrains.Gateway.Activities.Live;

/// <summary>
/// One client's live stream: its filters, a bounded buffer that loses its oldest events when the client
/// reads slower than they come (counted, so the client is told), and how far into its tenant's Redis
/// stream it has been served.
/// </summary>
public sealed class LiveSubscription
{
    /// <summary>Events a client may fall behind by before the oldest are dropped.</summary>
    public const int Capacity = 1_000;

    private readonly Channel<LiveEvent> _events;
    private long _dropped;

    public LiveSubscription(Guid tenantId, Guid? userId, string? activityType, int capacity = Capacity)
    {
        TenantId = tenantId;
        UserId = userId;
        ActivityType = activityType;
        _events = Channel.CreateBounded<LiveEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public Guid TenantId { get; }

    public Guid? UserId { get; }

    public string? ActivityType { get; }

    /// <summary>The last Redis stream entry offered to this client (its tenant's reader skips up to it).</summary>
    internal StreamCursor Cursor { get; set; }

    public ChannelReader<LiveEvent> Events => _events.Reader;

    public bool Matches(LiveEvent e) =>
        (UserId is null || UserId == e.UserId) && (ActivityType is null || string.Equals(ActivityType, e.ActivityType, StringComparison.Ordinal));

    /// <summary>Buffers the event if it passes the filters (the oldest buffered goes if the buffer is full).</summary>
    public void Offer(LiveEvent e)
    {
        if (Matches(e))
        {
            _events.Writer.TryWrite(e);
        }
    }

    /// <summary>Events lost since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    internal void Complete() => _events.Writer.TryComplete();
}
