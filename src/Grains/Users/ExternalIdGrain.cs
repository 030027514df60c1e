using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>Owner of one external id within one tenant (<see cref="ExternalIds.IndexKey"/>).</summary>
public sealed class ExternalIdGrain(
    [PersistentState(ExternalIds.StateName, LyssStorage.ProviderName)] IPersistentState<EmailIndexState> state)
    : KeyOwnerGrain(state), IExternalIdGrain;
