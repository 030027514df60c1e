using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>Owner of one normalized email (<see cref="EmailAddress.IndexKey"/>).</summary>
public sealed class EmailIndexGrain(
    [PersistentState(EmailIndexState.StateName, LyssStorage.ProviderName)] IPersistentState<EmailIndexState> state)
    : KeyOwnerGrain(state), IEmailIndexGrain;
