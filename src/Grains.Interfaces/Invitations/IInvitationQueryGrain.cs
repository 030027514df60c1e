using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Invitations;

[Alias("lyss.invitations.IInvitationQueryGrain")]
public interface IInvitationQueryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<Page<InvitationView>> ListAsync(Guid tenantId, InvitationListQuery query);
}
