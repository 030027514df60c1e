using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.Users;
using Lyss.UserGrains.Users;
using Lyss.UserGrains.Visitors;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Grains.Visitors;

/// <summary>
/// A visitor of one tenant: its activities take the users' intake (<see cref="ActivityIntake"/>) and
/// writer, without counters, sessions or risk rules (nobody to lock, nothing to show). No grain state:
/// the link to a user lives in <c>visitor_links</c>, written in the transaction that moves the history.
/// </summary>
public sealed class VisitorGrain(
    ActivityWriter writer,
    ActivityHistoryStore history,
    VisitorStore visitors,
    CustomTypeCache customTypes,
    IOptions<UserOptions> options,
    GrainClock clock)
    : Grain, IVisitorGrain
{
    private Guid? _tenantId;
    private Guid? _linkedUser;
    private bool _linkLoaded;
    private RecentMessageIds? _messageIds;

    private Guid Id => this.GetPrimaryKey();

    public async Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IReadOnlyList<TrackActivity> activities, Guid tenantId, AckMode? ack)
    {
        RequireOwnTenant(tenantId);
        if (await LinkedUserAsync() is { } user)
        {
            try
            {
                return await GrainFactory.GetGrain<IUserGrain>(user).TrackBatchAsync(activities, tenantId, ack);
            }
            catch (NotFoundException)
            {
                // The user left the tenant since: the activities stay the visitor's.
            }
        }

        _messageIds ??= RecentMessageIds.From(await history.LoadMessageIdsAsync(Id));
        var now = clock.UtcNow;
        var cap = options.Value.CustomActivityTypesPerTenant;
        var refused = await ActivityIntake.RefusedCustomTypesAsync(activities, tenantId, GrainFactory, customTypes, cap);
        var results = new TrackResult[activities.Count];
        var accepted = new List<(int Index, ActivityRecord Record)>(activities.Count);
        var durable = ack == AckMode.Durable;
        for (var i = 0; i < activities.Count; i++)
        {
            var a = activities[i];
            if (ActivityIntake.Validate(a) is { } rejection)
            {
                results[i] = rejection;
                continue;
            }

            if (refused?.Contains(a.ActivityType) == true)
            {
                (var overflowed, var pastCap) = ActivityIntake.PastCap(a, cap);
                if (overflowed is null)
                {
                    results[i] = pastCap!;
                    continue;
                }

                a = overflowed;
            }

            var fields = DetailFields.Read(a.ActivityType, a.Details);
            if (fields.Problem is { } problem)
            {
                results[i] = ActivityIntake.Reject(problem.Field, problem.Error);
                continue;
            }

            if (a.MessageId is { } key && _messageIds.TryGet(key, out var first))
            {
                results[i] = new TrackResult { Status = TrackStatus.Duplicate, Id = first };
                continue;
            }

            var record = ActivityIntake.ToRecord(a, fields, Id, tenantId, now);
            if (a.MessageId is not null)
            {
                _messageIds.Remember(a.MessageId, record.Id);
            }

            durable |= ack is null && (a.Ack == AckMode.Durable || (a.Ack is null && ActivityTypes.AuditCritical.Contains(a.ActivityType)));
            accepted.Add((i, record));
        }

        if (accepted.Count == 0)
        {
            return results;
        }

        var stored = writer.EnqueueAsync([.. accepted.Select(x => x.Record)], durable);
        Durability durability;
        try
        {
            durability = await stored.WaitAsync(options.Value.DurableAckTimeout);
        }
        catch (TimeoutException)
        {
            throw new OutcomeUnknownException(
                "The activities are queued but their commit could not be confirmed in time; retry with the same message_id.",
                [.. accepted.Select(x => x.Record.Id)]) { Code = "outcome_unknown" };
        }

        foreach (var (index, record) in accepted)
        {
            results[index] = new TrackResult { Status = TrackStatus.Accepted, Id = record.Id, Durability = durability };
        }

        return results;
    }

    public async Task<VisitorLink> LinkAsync(Guid tenantId, Guid userId)
    {
        RequireOwnTenant(tenantId);
        if (await LinkedUserAsync() is { } linked)
        {
            return new VisitorLink(linked, 0);
        }

        // The user must be the tenant's (its grain answers 404 otherwise) and not erased.
        var user = GrainFactory.GetGrain<IUserGrain>(userId);
        if (await user.GetAsync() is not { } view || view.Memberships.All(m => m.TenantId != tenantId)
            || view.Status is UserStatus.Deleted or UserStatus.Anonymized)
        {
            throw NotFoundException.User(userId);
        }

        // Every row this visitor handed to this silo's writer is stored before the move (this grain takes one call at a time).
        await writer.WhenStoredAsync();
        var (owner, moved) = await visitors.LinkAsync(tenantId, Id, userId);
        _linkedUser = owner;
        _messageIds = null;
        if (moved > 0)
        {
            await GrainFactory.GetGrain<IUserGrain>(owner).ReloadActivitiesAsync();
        }

        return new VisitorLink(owner, moved);
    }

    public async Task<Guid?> GetLinkedUserAsync() => await LinkedUserAsync();

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A later activation (maybe on another silo) links or reads only what this one handed over.
        try
        {
            await writer.WhenStoredAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Best effort within the deactivation timeout; the writer still holds the rows.
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async ValueTask<Guid?> LinkedUserAsync()
    {
        if (!_linkLoaded)
        {
            _linkedUser = await visitors.LinkedUserAsync(Id);
            _linkLoaded = true;
        }

        return _linkedUser;
    }

    /// <summary>A visitor's id is derived from its tenant: one activation serves one tenant, and a user's id is no visitor's.</summary>
    private void RequireOwnTenant(Guid tenantId)
    {
        if (!VisitorIds.IsVisitor(Id))
        {
            throw new ValidationException("anonymous_id", "Not a visitor's id.");
        }

        if ((_tenantId ??= tenantId) != tenantId)
        {
            throw new ValidationException("tenant_id", "This visitor belongs to another tenant.");
        }
    }
}
