using System.Collections.Concurrent;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// The custom activity types this silo has seen admitted, per tenant, so the user grains ask the
/// tenant's <see cref="TenantActivityTypesGrain"/> once per type. Bounded by the cap per tenant.
/// </summary>
public sealed class CustomTypeCache
{
    private readonly ConcurrentDictionary<(Guid TenantId, string Type), byte> _admitted = new();

    public bool IsAdmitted(Guid tenantId, string type) => _admitted.ContainsKey((tenantId, type));

    public void Admit(Guid tenantId, IEnumerable<string> types)
    {
        foreach (var type in types)
        {
            _admitted.TryAdd((tenantId, type), 0);
        }
    }
}
