namespace Lyss.UserGrains.Privacy;

/// <summary>A user's data for an access or portability request; the activity rows come from the report grain.</summary>
[Alias("lyss.privacy.IPersonalDataGrain")]
public interface IPersonalDataGrain : IGrainWithIntegerKey
{
    /// <summary>Everything stored about the user but activity rows, as JSON; with a tenant, that tenant's rows only. Null when the user is unknown.</summary>
    [Alias("Export")]
    Task<string?> ExportAsync(Guid userId, Guid? tenantId);

    /// <summary>The tenants whose activity rows belong to the export.</summary>
    [Alias("ActivityTenants")]
    Task<IReadOnlyList<Guid>> ActivityTenantsAsync(Guid userId, Guid? tenantId);
}
