using Lyss.UserGrains.Common;
using Lyss.UserGrains.Invitations;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Invitations;

[StatelessWorker]
public sealed class InvitationQueryGrain(InvitationStore store) : Grain, IInvitationQueryGrain
{
    public Task<Page<InvitationView>> ListAsync(Guid tenantId, InvitationListQuery query) => store.ListAsync(tenantId, query);
}
