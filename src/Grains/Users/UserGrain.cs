using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

public sealed class UserGrain(
    [PersistentState(UserState.StateName, LyssStorage.ProviderName)] IPersistentState<UserState> state)
    : Grain, IUserGrain
{
    public Task<UserView?> GetAsync() => Task.FromResult(state.State.Exists ? ToView() : null);

    private UserView ToView() => new()
    {
        Id = this.GetPrimaryKey(),
        Email = state.State.Email,
        Name = state.State.Name,
        Status = state.State.Status,
        HomeTenantId = state.State.HomeTenantId,
        CreatedAt = state.State.CreatedAt,
        UpdatedAt = state.State.UpdatedAt,
    };
}
