using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Invitations;
using Lyss.UserGrains.Privacy;
using Lyss.UserGrains.Relationships;
using Lyss.UserGrains.Teams;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

public sealed partial class UserGrain
{
    public async Task<ErasureReceipt> EraseAsync(DeleteType mode, ActorContext actor)
    {
        RequireExists();
        if (mode == DeleteType.Anonymize)
        {
            LifecycleTable.Require(LifecycleCommand.Anonymize, S.Status);
        }
        else if (mode != DeleteType.Hard)
        {
            throw new ValidationException("delete_type", "Erasure is anonymize or hard.");
        }

        // What to look for afterwards, and what else holds the person, gathered before anything goes.
        var (email, phone, name, home) = (S.Email, S.Phone, S.Name, S.HomeTenantId);
        Guid[] liveTenants = [home, .. S.Memberships.Select(m => m.TenantId)];
        var addresses = await erasures.AddressesAsync(Id);
        var invitations = await erasures.InvitationCodesAsync(Id, email);
        var pairs = await erasures.RelationshipPairsAsync(Id);
        var teams = new List<(Guid Team, Guid Tenant)>();
        foreach (var membership in S.Memberships)
        {
            teams.AddRange((await GrainFactory.GetGrain<ITeamQueryGrain>(0).ListAsync(membership.TenantId, Id)).Select(t => (t.Id, membership.TenantId)));
        }

        // Each team is left as its own tenant's system would (the caller may be of another tenant).
        foreach (var (team, tenant) in teams)
        {
            await GrainFactory.GetGrain<ITeamGrain>(team).RemoveMemberAsync(Id, ActorContext.System(tenant));
        }

        var steps = mode == DeleteType.Hard ? await HardDeleteAsync(actor) : await AnonymizeAsync(actor);
        foreach (var code in invitations)
        {
            await GrainFactory.GetGrain<IInvitationGrain>(code).ForgetInviteeAsync();
        }

        foreach (var (tenant, a, b) in pairs)
        {
            await GrainFactory.GetGrain<IRelationshipGrain>(RelationshipKeys.For(tenant, a, b)).ForgetAsync();
        }

        steps.Add(new ErasureStep("user grain state", mode == DeleteType.Hard ? "tombstoned" : "scrubbed", 1));
        steps.Add(new ErasureStep("email index", "removed", email is null ? 0 : 1));
        steps.Add(new ErasureStep("team grain states", "scrubbed", teams.Count));
        steps.Add(new ErasureStep("relationship grain states", "removed", pairs.Count));
        steps.Add(new ErasureStep("invitation grain states", "scrubbed", invitations.Count));
        steps.Add(new ErasureStep("user_activities_queue", mode == DeleteType.Hard ? "removed" : "scrubbed", await spill.EraseUserAsync(Id, mode == DeleteType.Hard)));
        steps.Add(new ErasureStep("live activity streams", "removed", await live.EraseUserAsync(Id, liveTenants)));

        // The verification: the former addresses anywhere, the name and client addresses in the user's own rows.
        string[] everywhere = [.. new[] { email, phone }.OfType<string>()];
        string[] own = [.. addresses, .. name is null or AnonymizedName ? Array.Empty<string>() : [name]];
        var (columns, matches) = await erasures.SearchAsync(Id, everywhere, own);
        var (spilled, inSpill) = await spill.SearchAsync(Id, everywhere, own);
        if (inSpill > 0)
        {
            matches.Add(new ErasureMatch("user_activities_queue", "row", inSpill));
        }

        var receipt = new ErasureReceipt
        {
            UserId = Id,
            Mode = mode,
            RequestedBy = actor.Actor,
            CompletedAt = Now,
            Stores = steps,
            Verification = new ErasureVerification { ColumnsSearched = columns, SpillSearched = spilled, Matches = matches },
        };
        await erasures.SaveReceiptAsync(home, receipt);
        return receipt;
    }
}
