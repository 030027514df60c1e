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
}
