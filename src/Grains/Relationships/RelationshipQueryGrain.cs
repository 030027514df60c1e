using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Relationships;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Relationships;

[StatelessWorker]
public sealed class RelationshipQueryGrain(RelationshipStore store) : Grain, IRelationshipQueryGrain
{
    public async Task<Page<Guid>> ListAsync(Guid tenantId, Guid userId, string kind, int limit, int offset)
    {
        if (kind is not ("followers" or "following" or "friends"))
        {
            throw new ValidationException("kind", "Expected followers, following or friends.");
        }

        return await store.ListAsync(tenantId, userId, kind, limit, offset);
    }
}
