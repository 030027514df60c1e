using Lyss.UserGrains.Common;
using Lyss.UserGrains.Users;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.ReadModels;

/// <summary>Reads of the read models; a stateless worker so every silo answers locally.</summary>
[StatelessWorker]
public sealed class UserQueryGrain(UserStore store, Privacy.ErasureStore erasures) : Grain, IUserQueryGrain
{
    public async Task<Lyss.UserGrains.Privacy.ErasureReceipt?> GetErasureAsync(Guid userId, Guid? tenantId) =>
        await erasures.GetReceiptAsync(userId) is { } found && (tenantId is null || found.TenantId == tenantId) ? found.Receipt : null;

    public Task<Page<UserListItem>> ListUsersAsync(Guid tenantId, UserListQuery query) => store.ListUsersAsync(tenantId, query);

    public Task<Page<UserEventView>> ListEventsAsync(Guid userId, Guid? tenantId, int limit, int offset) =>
        store.ListEventsAsync(userId, tenantId, limit, offset);
}
