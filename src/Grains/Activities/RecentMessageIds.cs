namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// The idempotency keys a grain saw last (bounded: the oldest is forgotten first), with the
/// activity each one made. Older keys are caught by the writer against the store.
/// </summary>
public sealed class RecentMessageIds
{
    private readonly Dictionary<string, Guid> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool TryGet(string messageId, out Guid activityId) => _ids.TryGetValue(messageId, out activityId);

    public void Remember(string messageId, Guid activityId)
    {
        if (_ids.TryAdd(messageId, activityId))
        {
            _order.Enqueue(messageId);
            if (_order.Count > ActivityHistoryStore.RecentMessageIds)
            {
                _ids.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>Loaded from the store, newest first (as <see cref="ActivityHistoryStore.LoadMessageIdsAsync"/> returns them).</summary>
    public static RecentMessageIds From(IReadOnlyList<(string MessageId, Guid ActivityId)> newestFirst)
    {
        var ids = new RecentMessageIds();
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            ids.Remember(newestFirst[i].MessageId, newestFirst[i].ActivityId);
        }

        return ids;
    }
}
