namespace Lyss.UserGrains.Activities;

/// <summary>
/// The live activity stream's Redis layout, shared by the silos that publish and the gateways that
/// read. Gateways list the tenants someone watches (a sorted set, member = tenant, score = when the
/// watch lapses); a silo publishes a watched tenant's accepted activities to that tenant's Redis
/// stream, trimmed to the <see cref="ReplayWindow"/> and <see cref="MaxEntries"/>, expiring two
/// windows after its last entry; nothing is published for tenants nobody watches.
/// </summary>
public static class LiveFeed
{
    /// <summary>How far back a reconnecting client (Last-Event-ID) is replayed.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromSeconds(60);

    /// <summary>A gateway renews its watches this often; a watch not renewed lapses after <see cref="WatchLease"/>.</summary>
    public static readonly TimeSpan WatchRenewal = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan WatchLease = TimeSpan.FromSeconds(20);

    /// <summary>A tenant's stream holds at most about this many entries (the replay window's bound under a burst).</summary>
    public const int MaxEntries = 10_000;

    /// <summary>An entry's JSON beyond this leaves out the activity's details (flagged <c>details_omitted</c>).</summary>
    public const int MaxEntryBytes = 4_096;

    public static string WatchedKey(string clusterId) => $"lyss:live:{clusterId}:watched";

    public static string StreamKey(string clusterId, Guid tenantId) => $"lyss:live:{clusterId}:{tenantId:N}";

    /// <summary>Entry fields: the activity id, its user, its type (filters read these), and the event's JSON.</summary>
    public const string IdField = "i";
    public const string UserField = "u";
    public const string TypeField = "t";
    public const string DataField = "d";
}
