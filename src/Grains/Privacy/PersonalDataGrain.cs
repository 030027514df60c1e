using Lyss.UserGrains.Privacy;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Privacy;

/// <summary>Reads for exports, on the calling silo (no state, no ordering to keep).</summary>
[StatelessWorker]
public sealed class PersonalDataGrain(PersonalDataStore store) : Grain, IPersonalDataGrain
{
    public Task<string?> ExportAsync(Guid userId, Guid? tenantId) => store.ExportAsync(userId, tenantId);

    public Task<IReadOnlyList<Guid>> ActivityTenantsAsync(Guid userId, Guid? tenantId) => store.ActivityTenantsAsync(userId, tenantId);
}
