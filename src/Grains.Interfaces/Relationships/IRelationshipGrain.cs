namespace Lyss.UserGrains.Relationships;

/// <summary>
/// Everything between two users in one tenant, keyed <c>rel:{tenant}:{lower id}:{higher id}</c>
/// (see <see cref="RelationshipKeys"/>): one grain per pair, so concurrent actions on a pair are
/// served in turn and blocking can clear both directions at once.
/// </summary>
[Alias("lyss.relationships.IRelationshipGrain")]
public interface IRelationshipGrain : IGrainWithStringKey
{
    [Alias("Act")]
    Task<RelationshipView> ActAsync(Guid actor, Guid target, RelationshipAction action);

    [Alias("Get")]
    Task<RelationshipView> GetAsync(Guid from, Guid to);

    /// <summary>Resets the pair (an erasure of one of the two): its state and rows go.</summary>
    [Alias("Forget")]
    Task ForgetAsync();
}
