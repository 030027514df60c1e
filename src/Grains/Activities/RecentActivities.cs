using Lyss.UserGrains.Activities;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// A user's newest activities (at most <see cref="Capacity"/>) in a ring of structs sized to
/// what the user has, with strings shared with the previous entry when equal (a user's IP,
/// agent and details repeat) and types taken from a silo-wide pool: the recent list is most of
/// an active user's memory.
/// </summary>
public sealed class RecentActivities
{
    public const int Capacity = 50;

    private RecentEntry[] _entries = [];
    private int _newest = -1;
    private int _count;

    public int Count => _count;

    /// <summary>Makes room for <paramref name="more"/> entries at once (a batch), so the array grows once.</summary>
    public void Reserve(int more)
    {
        var wanted = Math.Min(Capacity, _count + more);
        if (wanted > _entries.Length)
        {
            Resize(Math.Max(wanted, Math.Min(Capacity, _entries.Length * 3 / 2)));
        }
    }

    public void Add(RecentEntry entry)
    {
        Reserve(1);
        var previous = _count > 0 ? _entries[_newest] : default;
        _newest = (_newest + 1) % _entries.Length;
        _entries[_newest] = entry with
        {
            ActivityType = StringPool.Shared(entry.ActivityType),
            ResourceType = entry.ResourceType is null ? null : StringPool.Shared(entry.ResourceType),
            Details = Reuse(entry.Details, previous.Details),
            IpAddress = Reuse(entry.IpAddress, previous.IpAddress),
            UserAgent = Reuse(entry.UserAgent, previous.UserAgent),
            SessionId = Reuse(entry.SessionId, previous.SessionId),
        };
        _count = Math.Min(_count + 1, _entries.Length);
    }

    public static RecentEntry From(ActivityView a) => new(
        a.Id, a.OccurredAt.UtcTicks, a.ReceivedAt.UtcTicks, a.ActivityType, a.ResourceType, a.ResourceId, a.Details, a.IpAddress, a.UserAgent, a.SessionId);

    /// <summary>Newest first.</summary>
    public IEnumerable<RecentEntry> NewestFirst()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _entries[(_newest - i + _entries.Length) % _entries.Length];
        }
    }

    public RecentEntry? Newest => _count == 0 ? null : _entries[_newest];

    private void Resize(int size)
    {
        var ordered = NewestFirst().Reverse().ToArray();
        _entries = new RecentEntry[size];
        Array.Copy(ordered, _entries, ordered.Length);
        _newest = ordered.Length - 1;
    }

    private static string? Reuse(string? value, string? previous) =>
        value is not null && previous is not null && string.Equals(value, previous, StringComparison.Ordinal) ? previous : value;

    public static ActivityView ToView(RecentEntry e, Guid tenantId) => new()
    {
        Id = e.Id,
        TenantId = tenantId,
        ActivityType = e.ActivityType,
        ResourceType = e.ResourceType,
        ResourceId = e.ResourceId,
        Details = e.Details,
        SessionId = e.SessionId,
        IpAddress = e.IpAddress,
        UserAgent = e.UserAgent,
        OccurredAt = new DateTimeOffset(e.OccurredTicks, TimeSpan.Zero),
        ReceivedAt = new DateTimeOffset(e.ReceivedTicks, TimeSpan.Zero),
    };
}
