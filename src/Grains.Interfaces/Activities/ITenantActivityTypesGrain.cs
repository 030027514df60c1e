namespace Lyss.UserGrains.Activities;

/// <summary>A tenant's custom activity types (keyed by tenant id), admitted up to a cap.</summary>
[Alias("lyss.activities.ITenantActivityTypesGrain")]
public interface ITenantActivityTypesGrain : IGrainWithGuidKey
{
    /// <summary>Of <paramref name="types"/>, those the tenant may use: known already, or new while fewer than <paramref name="cap"/> are known.</summary>
    [Alias("Admit")]
    Task<IReadOnlyList<string>> AdmitAsync(IReadOnlyList<string> types, int cap);
}
