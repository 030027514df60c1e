using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Relationships;

[Alias("lyss.relationships.IRelationshipQueryGrain")]
public interface IRelationshipQueryGrain : IGrainWithIntegerKey
{
    /// <summary><paramref name="kind"/>: followers, following or friends.</summary>
    [Alias("List")]
    Task<Page<Guid>> ListAsync(Guid tenantId, Guid userId, string kind, int limit, int offset);
}
