using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Invitations;

/// <summary>One invitation into a tenant, keyed by its code (see <see cref="InvitationCodes"/>).</summary>
[Alias("lyss.invitations.IInvitationGrain")]
public interface IInvitationGrain : IGrainWithStringKey
{
    /// <summary>Creates the invitation into <see cref="ActorContext.TenantId"/>; a reminder expires it.</summary>
    [Alias("Create")]
    Task<InvitationView> CreateAsync(CreateInvitationCommand command, ActorContext actor);

    [Alias("Get")]
    Task<InvitationView?> GetAsync();

    /// <summary>Registers or links the invitee with the invitation's role. Accepted or cancelled → 409, expired → 410, wrong email → 400.</summary>
    [Alias("Accept")]
    Task<AcceptResult> AcceptAsync(AcceptInvitationCommand command, ActorContext actor);

    [Alias("Cancel")]
    Task<InvitationView> CancelAsync(ActorContext actor);

    /// <summary>A new expiry for a pending or expired invitation; the code stays.</summary>
    [Alias("Resend")]
    Task<InvitationView> ResendAsync(int? expiresInDays, ActorContext actor);

    /// <summary>The invitee was erased: the invitation keeps its status, its email becomes <c>erased-{id}@erased.invalid</c>.</summary>
    [Alias("ForgetInvitee")]
    Task ForgetInviteeAsync();
}
