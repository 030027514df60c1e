namespace Lyss.UserGrains.Scim;

/// <summary>SCIM's reads over the read models; a stateless worker (key 0).</summary>
[Alias("lyss.scim.IScimQueryGrain")]
public interface IScimQueryGrain : IGrainWithIntegerKey
{
    /// <summary>The tenant's members matching <paramref name="filter"/> (SCIM syntax; <see cref="ScimFilterException"/> when it is none), by creation.</summary>
    [Alias("ListUsers")]
    Task<ScimUserPage> ListUsersAsync(Guid tenantId, string? filter, int startIndex, int count);

    /// <summary>Whether a member of the tenant other than <paramref name="except"/> has <paramref name="userName"/> (case-insensitive; the email when it has none).</summary>
    [Alias("IsUserNameTaken")]
    Task<bool> IsUserNameTakenAsync(Guid tenantId, string userName, Guid? except);
}
