using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Users;

/// <summary>Reads of the PostgreSQL read models (lists, audit trail); stateless, any silo answers.</summary>
[Alias("lyss.users.IUserQueryGrain")]
public interface IUserQueryGrain : IGrainWithIntegerKey
{
    [Alias("ListUsers")]
    Task<Page<UserListItem>> ListUsersAsync(Guid tenantId, UserListQuery query);

    /// <summary>Audit events of a user; <paramref name="tenantId"/> null means every tenant (platform operators).</summary>
    [Alias("ListEvents")]
    Task<Page<UserEventView>> ListEventsAsync(Guid userId, Guid? tenantId, int limit, int offset);

    /// <summary>The receipt of the user's erasure, if the user was erased and <paramref name="tenantId"/> is its home tenant (null: any).</summary>
    [Alias("GetErasure")]
    Task<Lyss.UserGrains.Privacy.ErasureReceipt?> GetErasureAsync(Guid userId, Guid? tenantId);
}
