namespace Lyss.UserGrains.Scim;

/// <summary>SCIM's reads over the read models; a stateless worker (key 0).</summary>
[Alias("lyss.scim.IScimQueryGrain")]
public interface IScimQueryGrain : IGrainWithIntegerKey
{
    /// <summary>The tenant's members matching <paramref name="filter"/> (SCIM syntax; <see cref="ScimFilterException"/> when it is none), by creation.</summary>
    [Alias("ListUsers")]
    Task<ScimUserPage> ListUsersAsync(Guid tenantId, string? filter, int startIndex, int count);
}
