using Lyss.UserGrains.Activities;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// Admits a tenant's custom activity types up to the cap. Called only for a type a silo has not
/// seen admitted yet (<see cref="CustomTypeCache"/>), so it is off the hot path.
/// </summary>
public sealed class TenantActivityTypesGrain(ActivityTypeStore store) : Grain, ITenantActivityTypesGrain
{
    private HashSet<string>? _known;

    public async Task<IReadOnlyList<string>> AdmitAsync(IReadOnlyList<string> types, int cap)
    {
        _known ??= await store.LoadAsync(this.GetPrimaryKey());
        var admitted = new List<string>();
        var added = new List<string>();
        foreach (var type in types.Distinct(StringComparer.Ordinal))
        {
            if (_known.Contains(type))
            {
                admitted.Add(type);
            }
            else if (_known.Count + added.Count < cap)
            {
                added.Add(type);
                admitted.Add(type);
            }
        }

        if (added.Count > 0)
        {
            await store.AddAsync(this.GetPrimaryKey(), added);
            _known.UnionWith(added);
        }

        return admitted;
    }
}
