using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// Owner of one unique key (an email, a tenant's external id). Non-reentrant, so two racing
/// claims are served one after the other and exactly one wins.
/// </summary>
public abstract class KeyOwnerGrain(IPersistentState<EmailIndexState> state) : Grain, IKeyOwnerGrain
{
    public async Task<Guid> ClaimAsync(Guid userId)
    {
        if (state.State.Owner is { } owner)
        {
            return owner;
        }

        state.State.Owner = userId;
        await state.WriteStateAsync();
        return userId;
    }

    public async Task ReleaseAsync(Guid userId)
    {
        if (state.State.Owner == userId)
        {
            state.State.Owner = null;
            await state.ClearStateAsync();
        }
    }

    public Task<Guid?> GetOwnerAsync() => Task.FromResult(state.State.Owner);
}
