using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Users;
using Lyss.UserGrains.Visitors;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// Hands a request's mapped events to the grains of the key's tenant: a name that is a member's id
/// or external id goes to that user's grain, anything else to a visitor's; one call per subject, as
/// the native batch route does. identify/alias then link their visitor to the user.
/// </summary>
public sealed partial class TrackingDispatcher(IGrainFactory grains, Common.UserGrainReferences userGrains, ILogger<TrackingDispatcher> logger)
{
    private readonly record struct Subject(Guid Id, bool IsUser);

    public async Task<TrackingOutcome> DispatchAsync(Guid tenantId, IReadOnlyList<TrackingEvent> events, int dropped)
    {
        var users = await ResolveAsync(tenantId, events);
        var statuses = new string[events.Count];
        var groups = new Dictionary<Subject, List<int>>();
        for (var i = 0; i < events.Count; i++)
        {
            GroupOf(groups, SubjectOf(tenantId, events[i], users)).Add(i);
        }

        var retry = new List<int>();
        await Task.WhenAll(groups.Select(async group =>
        {
            var outcome = await TrackAsync(tenantId, group.Key, group.Value, events);
            if (outcome is null)
            {
                // The id named no member after all (another tenant's user, a removed member): a visitor's, then.
                lock (retry)
                {
                    retry.AddRange(group.Value);
                }

                return;
            }

            for (var k = 0; k < group.Value.Count; k++)
            {
                statuses[group.Value[k]] = outcome[k];
            }
        }));

        if (retry.Count > 0)
        {
            foreach (var visitor in retry.GroupBy(i => VisitorIds.IdFor(tenantId, events[i].AnonymousId ?? events[i].UserId!)))
            {
                var indexes = visitor.ToList();
                var outcome = await TrackAsync(tenantId, new Subject(visitor.Key, false), indexes, events) ?? [.. indexes.Select(_ => "dropped")];
                for (var k = 0; k < indexes.Count; k++)
                {
                    statuses[indexes[k]] = outcome[k];
                }
            }
        }

        var linked = await LinkAsync(tenantId, events, users);
        return new TrackingOutcome(
            statuses.Count(s => s == "accepted"), statuses.Count(s => s == "duplicate"), dropped + statuses.Count(s => s == "dropped"),
            statuses.Count(s => s == "not_tracked"), statuses.Count(s => s == "unavailable"), linked);
    }

    /// <summary>The statuses of the group's events, or null when the named user is no member of the tenant.</summary>
    private async Task<string[]?> TrackAsync(Guid tenantId, Subject subject, List<int> indexes, IReadOnlyList<TrackingEvent> events)
    {
        var activities = indexes.Select(i => events[i].Activity).ToList();
        try
        {
            var results = subject.IsUser
                ? await userGrains.Get(subject.Id).TrackBatchAsync(activities, tenantId, null)
                : await grains.GetGrain<IVisitorGrain>(subject.Id).TrackBatchAsync(activities, tenantId, null);
            return [.. results.Select(r => r.Status switch
            {
                TrackStatus.Accepted => "accepted",
                TrackStatus.Duplicate => "duplicate",
                TrackStatus.NotTracked => "not_tracked",
                _ => "dropped",
            })];
        }
        catch (NotFoundException) when (subject.IsUser)
        {
            return null;
        }
        catch (Exception e) when (e is UnavailableException or OutcomeUnknownException)
        {
            return [.. indexes.Select(_ => "unavailable")];
        }
        catch (DomainException e)
        {
            // A user who cannot take activities (deleted, anonymized): the events are dropped, as a bad item is.
            LogDropped(logger, e.Message, indexes.Count);
            return [.. indexes.Select(_ => "dropped")];
        }
    }

    /// <summary>identify and alias: the visitor they name becomes the user's, its history moved once.</summary>
    private async Task<int> LinkAsync(Guid tenantId, IReadOnlyList<TrackingEvent> events, Dictionary<string, Guid> users)
    {
        var linked = 0;
        foreach (var e in events)
        {
            if (e.LinkVisitor is null)
            {
                continue;
            }

            // PostHog's alias may name the user on either side.
            var (user, visitor) = e.UserId is not null && users.TryGetValue(e.UserId, out var u) ? (u, e.LinkVisitor)
                : e.OtherSide is not null && users.TryGetValue(e.OtherSide, out var other) ? (other, e.UserId)
                : (Guid.Empty, null);
            if (visitor is null || users.ContainsKey(visitor))
            {
                continue;
            }

            try
            {
                var link = await grains.GetGrain<IVisitorGrain>(VisitorIds.IdFor(tenantId, visitor)).LinkAsync(tenantId, user);
                linked += link.MovedActivities > 0 || link.UserId == user ? 1 : 0;
            }
            catch (NotFoundException)
            {
                // No member of this tenant: nothing to link to.
            }
            catch (Exception ex) when (ex is UnavailableException or TimeoutException)
            {
                // The event itself is stored; the link is made by the client's next identify.
                LogLinkFailed(logger, ex, tenantId);
            }
        }

        return linked;
    }

    /// <summary>Names that are users of the tenant: an id (checked by the user's grain when tracking) or a member's external id.</summary>
    private async Task<Dictionary<string, Guid>> ResolveAsync(Guid tenantId, IReadOnlyList<TrackingEvent> events)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            foreach (var name in (ReadOnlySpan<string?>)[e.UserId, e.OtherSide])
            {
                if (name is not null)
                {
                    names.Add(name);
                }
            }
        }

        var users = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var lookups = new List<(string Name, Task<Guid?> Owner)>();
        foreach (var name in names)
        {
            if (Guid.TryParse(name, out var id) && !VisitorIds.IsVisitor(id))
            {
                users[name] = id;
            }
            else if (name.Length <= ExternalIds.MaxLength)
            {
                lookups.Add((name, grains.GetGrain<IExternalIdGrain>(ExternalIds.IndexKey(tenantId, name)).GetOwnerAsync()));
            }
        }

        foreach (var (name, owner) in lookups)
        {
            if (await owner is { } user)
            {
                users[name] = user;
            }
        }

        return users;
    }

    private static Subject SubjectOf(Guid tenantId, TrackingEvent e, Dictionary<string, Guid> users) =>
        e.UserId is not null && users.TryGetValue(e.UserId, out var user)
            ? new Subject(user, true)
            : new Subject(VisitorIds.IdFor(tenantId, e.AnonymousId ?? e.UserId!), false);

    private static List<int> GroupOf(Dictionary<Subject, List<int>> groups, Subject subject)
    {
        ref var list = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(groups, subject, out _);
        return list ??= [];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tracking dropped {Count} events: {Reason}")]
    private static partial void LogDropped(ILogger logger, string reason, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Linking a visitor of tenant {TenantId} failed; the next identify links it")]
    private static partial void LogLinkFailed(ILogger logger, Exception exception, Guid tenantId);
}
