using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Tenants;

/// <summary>One tenant: settings and seat count. Membership rows live in PostgreSQL.</summary>
[Alias("lyss.tenants.ITenantGrain")]
public interface ITenantGrain : IGrainWithGuidKey
{
    [Alias("Create")]
    Task<TenantView> CreateAsync(CreateTenantCommand command, ActorContext actor);

    [Alias("Get")]
    Task<TenantView?> GetAsync();

    /// <summary>
    /// Takes a seat for <paramref name="userId"/> after checking the email domain and seat limit;
    /// returns the role to give (the requested one or the default).
    /// </summary>
    [Alias("Admit")]
    Task<Admission> AdmitAsync(Guid userId, string email, string? requestedRole);

    /// <summary>Frees the seat of a member who left or was removed.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid userId);
}
