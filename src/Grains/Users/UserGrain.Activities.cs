using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Grains.Risk;
using Lyss.UserGrains.Grains.Telemetry;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// The activity hot path: validate, stamp (UUIDv7, server time), count, remember, hand to the
/// silo's writer. Counters live in memory and are rebuilt from the hourly rollup when first
/// needed after an activation; idempotency keys of the last activations are reloaded too.
/// </summary>
public sealed partial class UserGrain
{
    // A list, not a dictionary: users belong to a tenant or two, and every active user holds it.
    private List<ActivityCounters>? _counters;
    private BurstRule? _burst;
    // Allocated at the first message_id: most activities carry none, and every active user pays for empty collections.
    private RecentMessageIds? _messageIds;

    public async Task<TrackResult> TrackAsync(TrackActivity activity, Guid tenantId) =>
        (await TrackBatchAsync([activity], tenantId, activity.Ack))[0];

    public async Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IReadOnlyList<TrackActivity> activities, Guid tenantId, AckMode? ack)
    {
        RequireMember(tenantId);
        if (S.Status is UserStatus.Deleted or UserStatus.Anonymized)
        {
            throw new ConflictException($"Cannot track activities of a {WireName.Of(S.Status)} user.") { Code = "illegal_transition" };
        }

        var counters = await CountersForAsync(tenantId);
        var now = Now;
        var results = new TrackResult?[activities.Count];
        var records = new List<(int Index, ActivityRecord Record)>(activities.Count);
        var durable = ack == AckMode.Durable;
        var tracking = PrivacySettings.From(S.Preferences).ActivityTracking;
        List<(ActivityRecord, DetailFields)>? conversational = null;
        var cap = options.Value.CustomActivityTypesPerTenant;
        var refusedTypes = await ActivityIntake.RefusedCustomTypesAsync(activities, tenantId, GrainFactory, customTypes, cap);
        for (var i = 0; i < activities.Count; i++)
        {
            var a = activities[i];
            if (ActivityIntake.Validate(a) is { } rejection)
            {
                results[i] = rejection;
                continue;
            }

            if (refusedTypes?.Contains(a.ActivityType) == true)
            {
                (var overflowed, results[i]) = ActivityIntake.PastCap(a, cap);
                if (overflowed is null)
                {
                    continue;
                }

                a = overflowed;
            }

            if (!tracking && (a.ClientReported || !ActivityTypes.AuditCritical.Contains(a.ActivityType)))
            {
                // The user turned tracking off: only audit-critical activities a service reports are kept.
                results[i] = new TrackResult { Status = TrackStatus.NotTracked };
                continue;
            }

            // Details are checked (size, one JSON object, a model call's amounts) and read in one pass.
            var fields = DetailFields.Read(a.ActivityType, a.Details);
            if (fields.Problem is { } problem)
            {
                results[i] = new TrackResult { Status = TrackStatus.Rejected, Field = problem.Field, Error = problem.Error };
                continue;
            }

            if (a.MessageId is { } key && _messageIds is not null && _messageIds.TryGet(key, out var first))
            {
                results[i] = new TrackResult { Status = TrackStatus.Duplicate, Id = first };
                continue;
            }

            var record = ActivityIntake.ToRecord(a, fields, Id, tenantId, now);
            if (record.ActivityType is ActivityTypes.ChatMessage or ActivityTypes.ModelUsage)
            {
                (conversational ??= []).Add((record, fields));
            }

            if (a.MessageId is not null)
            {
                (_messageIds ??= new RecentMessageIds()).Remember(a.MessageId, record.Id);
            }

            counters.Count(record.ActivityType, record.OccurredAt, now, record.Tokens, record.Cost);
            S.LastActivityAt = now;
            S.LastActivityType = a.ActivityType;
            durable |= ack is null && (a.Ack == AckMode.Durable || (a.Ack is null && ActivityTypes.AuditCritical.Contains(a.ActivityType)));
            records.Add((i, record));
        }

        var accepted = new ActivityRecord[records.Count];
        for (var k = 0; k < accepted.Length; k++)
        {
            accepted[k] = records[k].Record;
        }

        // Only the newest few become "recent"; the counters above already hold them all.
        var firstRecent = Math.Max(0, accepted.Length - ActivityCounters.RecentLimit);
        counters.ReserveRecent(accepted.Length - firstRecent);
        for (var k = firstRecent; k < accepted.Length; k++)
        {
            var r = accepted[k];
            counters.AddRecent(new RecentEntry(r.Id, r.OccurredAt.UtcTicks, r.ReceivedAt.UtcTicks, r.ActivityType, r.ResourceType, r.ResourceId, r.Details, r.IpAddress, r.UserAgent, r.SessionId));
        }

        CountByType(accepted, tenantId);

        var durability = await AcknowledgeAsync(writer.EnqueueAsync(accepted, durable), accepted);
        foreach (var (index, record) in records)
        {
            results[index] = new TrackResult { Status = TrackStatus.Accepted, Id = record.Id, Durability = durability };
        }

        // The rows are queued: what follows (sessions, alerts) must not turn the answer into an error.
        try
        {
            if (conversational is not null)
            {
                await TrackConversationsAsync(tenantId, conversational, now);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The sessions stay in memory with their changes and are written at the next save.
            LogAfterQueueFailed(logger, e, "conversation sessions", Id);
        }

        try
        {
            await EvaluateAnomaliesAsync(tenantId, counters, accepted, now);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAfterQueueFailed(logger, e, "risk rules", Id);
        }

        return results!;
    }

    /// <summary>A durable hand-off waits for its commit or spill, within the configured time; then 503 outcome_unknown.</summary>
    private async Task<Durability> AcknowledgeAsync(Task<Durability> stored, ActivityRecord[] accepted)
    {
        try
        {
            return await stored.WaitAsync(options.Value.DurableAckTimeout);
        }
        catch (TimeoutException)
        {
            throw new OutcomeUnknownException(
                "The activities are queued but their commit could not be confirmed in time; retry with the same message_id.",
                [.. accepted.Select(a => a.Id)]) { Code = "outcome_unknown" };
        }
    }

    /// <summary>
    /// The risk rules as activities arrive, with the tenant's thresholds: <see cref="BurstRule"/> and
    /// <see cref="LoginRisk"/> decide without I/O; then the grain applies a lock, writes its state
    /// once and records the alerts in one transaction. Streaks count per membership: a tenant's
    /// rules lock the user's membership there, and only the home tenant's rules lock the user
    /// everywhere. The grain takes calls one at a time, so parallel attempts lock at exactly the limit.
    /// </summary>
    private async Task EvaluateAnomaliesAsync(Guid tenantId, ActivityCounters counters, ActivityRecord[] records, DateTimeOffset now)
    {
        var rules = await alertRules.GetAsync(tenantId);
        var raised = new List<RiskAlert>();
        if ((_burst ??= new BurstRule()).Check(counters.CountLastMinutes(now, (int)rules.BurstWindow.TotalMinutes), rules, now) is { } burst)
        {
            raised.Add(burst);
        }

        List<LoginAttempt>? logins = null;
        foreach (var r in records)
        {
            // A login a tracking client reports is counted, never believed: a published write key must not lock anyone out.
            if (r.ActivityType == ActivityTypes.Login && !r.ClientReported)
            {
                (logins ??= []).Add(LoginAttempt.From(r.OccurredAt, r.IpAddress, r.UserAgent, r.Details));
            }
        }

        if (logins is null)
        {
            await alerts.RaiseAsync(tenantId, Id, raised);
            return;
        }

        var home = tenantId == S.HomeTenantId;
        var membership = S.Memberships.First(m => m.TenantId == tenantId);
        var verdict = LoginRisk.Assess(
            Risk,
            logins,
            new LoginStreak(membership.FailedLoginStreak, home ? S.Status == UserStatus.Locked : membership.IsLocked(now), rules.FailedLoginLimit),
            TimeZoneInfo.TryFindSystemTimeZoneById(S.Profile.Timezone ?? PreferenceCatalog.DefaultTimeZone, out var tz) ? tz : TimeZoneInfo.Utc);
        raised.AddRange(verdict.Alerts);
        membership.FailedLoginStreak = verdict.Streak;
        if (verdict.LoggedIn)
        {
            S.LastLoginAt = now;
        }

        if (verdict.LockAfterFailures is { } failed && home && S.Status == UserStatus.Active)
        {
            S.Status = UserStatus.Locked;
            S.LockedUntil = now + rules.FailedLoginLock;
            S.Locked = new LifecycleStamp { At = now, By = "system", Reason = "failed_login_streak" };
            raised.Add(new RiskAlert("failed_login_streak", "high", new { failed_logins = failed, locked_until = S.LockedUntil }));
            await TransitionAsync("user_locked", ActorContext.System(tenantId), new()
            {
                ["reason"] = "failed_login_streak",
                ["failed_logins"] = failed,
                ["until"] = S.LockedUntil,
            });
        }
        else if (verdict.LockAfterFailures is { } failedHere && !home && !membership.IsLocked(now))
        {
            membership.LockedUntil = now + rules.FailedLoginLock;
            membership.LockReason = "failed_login_streak";
            S.UpdatedAt = now;
            raised.Add(new RiskAlert("failed_login_streak", "high", new { failed_logins = failedHere, locked_until = membership.LockedUntil, scope = "membership" }));
            await CommitAsync([Event("membership_locked", ActorContext.System(tenantId), new()
            {
                ["reason"] = "failed_login_streak",
                ["failed_logins"] = failedHere,
                ["until"] = membership.LockedUntil,
            })]);
        }
        else
        {
            await CommitAsync([]);
        }

        await alerts.RaiseAsync(tenantId, Id, raised);
    }

    /// <summary>The login rules' slice of the state; state written before the slice existed is moved into it on first use.</summary>
    private LoginRiskState Risk
    {
        get
        {
            if (S.LoginRisk is null)
            {
                S.LoginRisk = new LoginRiskState { KnownDevices = S.KnownDevices, LoginHours = S.LoginHours, LastGeo = S.LastGeo };
                S.KnownDevices = [];
                S.LoginHours = [];
                S.LastGeo = null;
            }

            return S.LoginRisk;
        }
    }

    /// <summary>A year, as the original API allows; past the counters' 90 days from the hourly rollup.</summary>
    private const int MaxSummaryDays = 365;

    public Task<ActivitySummary?> GetActivitySummaryAsync(Guid tenantId, int days) => GetActivitySummaryAsync(tenantId, days, null);

    public async Task<ActivitySummary?> GetActivitySummaryAsync(Guid tenantId, int days, string? timeZone)
    {
        if (!S.Exists || S.Memberships.All(m => m.TenantId != tenantId))
        {
            return null;
        }

        if (days is < 1 or > MaxSummaryDays)
        {
            throw new ValidationException("days", $"Must be 1 to {MaxSummaryDays}.");
        }

        var zone = timeZone is null ? TimeZoneInfo.Utc
            : TimeZones.TryFind(timeZone, out var found) ? found
            : throw new ValidationException("tz", TimeZones.Problem);
        var counters = await CountersForAsync(tenantId);
        // Memory holds 90 UTC days; a local day may begin up to a day earlier: longer reads go to the hourly rollup.
        if (days < ActivityCounters.RetainedDays)
        {
            return counters.Summarize(Now, days, zone);
        }

        var hours = await history.LoadHoursAsync(Id, tenantId, Now.AddDays(-(days + 1)));
        return ActivitySummarizer.Summarize(hours, counters.RecentViews(), counters.LastActivityAt, Now, days, zone);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The next activation rebuilds counters from PostgreSQL: let this silo's writer store
        // what this grain handed over first, and keep the presence it only held in memory.
        try
        {
            await writer.WhenStoredAsync().WaitAsync(cancellationToken);
            await SaveConversationsAsync().WaitAsync(cancellationToken);
            if (S.Exists && _counters is not null)
            {
                await state.WriteStateAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Best effort within the deactivation timeout; the writer still holds the rows.
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task<ActivityCounters> CountersForAsync(Guid tenantId)
    {
        if (_counters is null)
        {
            _counters = [.. (await history.LoadCountersAsync(Id)).Values];
            var messageIds = await history.LoadMessageIdsAsync(Id);
            _messageIds = messageIds.Count == 0 ? null : RecentMessageIds.From(messageIds);
        }

        foreach (var existing in _counters)
        {
            if (existing.TenantId == tenantId)
            {
                return existing;
            }
        }

        var counters = new ActivityCounters(tenantId);
        _counters.Add(counters);
        return counters;
    }

    public async Task ReloadActivitiesAsync()
    {
        await writer.WhenStoredAsync();
        _counters = null;
        _messageIds = null;
    }

    /// <summary>Drops what memory holds of activities, so the next read reloads the (scrubbed) store.</summary>
    private void ForgetActivities()
    {
        _counters = null;
        _conversations = null;
        _messageIds = null;
        S.LastActivityAt = null;
        S.LastActivityType = null;
    }

    /// <summary>The metric per type: a batch holds a few types, so a short list beats grouping with LINQ.</summary>
    private static void CountByType(ActivityRecord[] accepted, Guid tenantId)
    {
        if (accepted.Length == 1)
        {
            ActivityMetrics.Tracked(accepted[0].ActivityType, tenantId);
            return;
        }

        var counts = new List<(string Type, int Count)>(8);
        foreach (var record in accepted)
        {
            var i = 0;
            while (i < counts.Count && counts[i].Type != record.ActivityType)
            {
                i++;
            }

            if (i == counts.Count)
            {
                counts.Add((record.ActivityType, 1));
            }
            else
            {
                counts[i] = (counts[i].Type, counts[i].Count + 1);
            }
        }

        foreach (var (type, count) in counts)
        {
            ActivityMetrics.Tracked(type, tenantId, count);
        }
    }

    private void RequireMember(Guid tenantId)
    {
        if (!S.Exists || S.Memberships.All(m => m.TenantId != tenantId))
        {
            throw NotFoundException.User(Id);
        }
    }
}
