using Lyss.UserGrains.Activities;

namespace Lyss.UserGrains.Visitors;

/// <summary>One visitor of one tenant, keyed by <see cref="VisitorIds.IdFor"/>.</summary>
[Alias("lyss.visitors.IVisitorGrain")]
public interface IVisitorGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Tracks the visitor's activities (validated, deduplicated and stored like a user's); once the
    /// visitor is linked to a user, they are that user's.
    /// </summary>
    [Alias("TrackBatch")]
    Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IReadOnlyList<TrackActivity> activities, Guid tenantId, AckMode? ack);

    /// <summary>
    /// Links the visitor to a user of the tenant: its history (rows, rollups, idempotency keys) moves
    /// to the user exactly once; later activities go to the user. A visitor linked already stays with its first user.
    /// </summary>
    [Alias("Link")]
    Task<VisitorLink> LinkAsync(Guid tenantId, Guid userId);

    /// <summary>The user the visitor was linked to, if any.</summary>
    [Alias("GetLinkedUser")]
    Task<Guid?> GetLinkedUserAsync();
}
