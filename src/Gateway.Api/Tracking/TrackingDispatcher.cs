using System.Collections.Concurrent;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Users;
using Lyss.UserGrains.Visitors;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>
/// Hands a request's mapped events to the grains of the key's tenant: a name that is a member's id
/// (tried first: the user's grain answers 404 for anyone else) or a member's external id goes to that
/// user's grain, anything else to a visitor's; one call per subject, as the native batch route does.
/// identify/alias then link their visitor to the user.
/// </summary>
public sealed partial class TrackingDispatcher(IGrainFactory grains, Common.UserGrainReferences userGrains, TimeProvider time, ILogger<TrackingDispatcher> logger)
{
    private const int NotMemberLimit = 100_000;
    private static readonly TimeSpan NotMemberLifetime = TimeSpan.FromSeconds(60);

    // Names that named no member lately — Guids no user's grain took (PostHog's anonymous distinct ids are
    // UUIDs), names no member carries as external id (anonymous ids) — are not asked about again for a minute:
    // a visitor's every event would otherwise cost a grain call (and a storage read) before reaching its grain.
    private readonly ConcurrentDictionary<(Guid Tenant, string Name), long> _notMembers = new();

    private readonly record struct Subject(Guid Id, bool IsUser);

    public async Task<TrackingOutcome> DispatchAsync(Guid tenantId, IReadOnlyList<TrackingEvent> events, int dropped)
    {
        // name → the user it names; a Guid is a candidate until its grain takes the events.
        var users = await ResolveAsync(tenantId, NamesOf(events), tryIds: true);
        var statuses = new string[events.Count];
        var confirmed = new HashSet<Guid>();
        var pending = Enumerable.Range(0, events.Count).ToList();
        for (var pass = 0; pass < 2 && pending.Count > 0; pass++)
        {
            var groups = new Dictionary<Subject, List<int>>();
            foreach (var i in pending)
            {
                GroupOf(groups, SubjectOf(tenantId, events[i], users)).Add(i);
            }

            var refused = new List<int>();
            await Task.WhenAll(groups.Select(async group =>
            {
                var outcome = await TrackAsync(tenantId, group.Key, group.Value, events);
                lock (statuses)
                {
                    if (outcome is null)
                    {
                        refused.AddRange(group.Value);
                        return;
                    }

                    if (group.Key.IsUser)
                    {
                        confirmed.Add(group.Key.Id);
                    }

                    for (var k = 0; k < group.Value.Count; k++)
                    {
                        statuses[group.Value[k]] = outcome[k];
                    }
                }
            }));

            // An id that named no member (another tenant's user, a removed member, an external id that looks like a Guid):
            // its external id if a member has it, else a visitor's.
            var names = refused.Select(i => events[i].UserId!).Distinct(StringComparer.Ordinal).ToList();
            foreach (var name in names)
            {
                users.Remove(name);
            }

            foreach (var (name, user) in await ResolveAsync(tenantId, names, tryIds: false))
            {
                users[name] = user;
            }

            pending = refused;
        }

        foreach (var i in pending)
        {
            statuses[i] = "dropped";
        }

        var linked = await LinkAsync(tenantId, events, users, confirmed);
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
    private async Task<int> LinkAsync(Guid tenantId, IReadOnlyList<TrackingEvent> events, Dictionary<string, Guid> users, HashSet<Guid> confirmed)
    {
        var linked = 0;
        foreach (var e in events)
        {
            if (e.LinkVisitor is null)
            {
                continue;
            }

            // PostHog's alias may name the user on either side; a side that is a user of the tenant is never made a visitor.
            bool IsUser(string? name) => name is not null && users.TryGetValue(name, out var id) && confirmed.Contains(id);
            var (user, visitor) = e.UserId is not null && users.TryGetValue(e.UserId, out var u) && !IsUser(e.LinkVisitor) ? (u, e.LinkVisitor)
                : e.OtherSide is not null && !IsUser(e.UserId) && (users.TryGetValue(e.OtherSide, out var other) || Guid.TryParse(e.OtherSide, out other)) ? (other, e.UserId)
                : (Guid.Empty, null);
            if (visitor is null)
            {
                continue;
            }

            try
            {
                var link = await grains.GetGrain<IVisitorGrain>(VisitorIds.IdFor(tenantId, visitor)).LinkAsync(tenantId, user);
                linked += link.UserId == user ? 1 : 0;
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

    /// <summary>
    /// Names that may be users of the tenant: with <paramref name="tryIds"/> a Guid is taken as a user id
    /// (its grain decides), unless it named no member within the last minute; others by external id.
    /// </summary>
    private async Task<Dictionary<string, Guid>> ResolveAsync(Guid tenantId, IEnumerable<string> names, bool tryIds)
    {
        var users = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var lookups = new List<(string Name, Task<Guid?> Owner)>();
        var now = time.GetTimestamp();
        foreach (var name in names)
        {
            if (_notMembers.TryGetValue((tenantId, name), out var until) && until > now)
            {
                continue;
            }

            if (tryIds && Guid.TryParse(name, out var id) && !VisitorIds.IsVisitor(id))
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
            else
            {
                Forget(tenantId, name);
            }
        }

        return users;
    }

    private void Forget(Guid tenantId, string name)
    {
        if (_notMembers.Count >= NotMemberLimit)
        {
            _notMembers.Clear();
        }

        _notMembers[(tenantId, name)] = time.GetTimestamp() + (long)(NotMemberLifetime.TotalSeconds * time.TimestampFrequency);
    }

    private static HashSet<string> NamesOf(IReadOnlyList<TrackingEvent> events)
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

        return names;
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
