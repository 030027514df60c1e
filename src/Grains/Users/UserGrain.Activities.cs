using System.Text.Json;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Activities;
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
    private static readonly TimeSpan MaxPast = TimeSpan.FromDays(7);
    private static readonly TimeSpan MaxFuture = TimeSpan.FromMinutes(5);

    // A list, not a dictionary: users belong to a tenant or two, and every active user holds it.
    private List<ActivityCounters>? _counters;
    private DateTimeOffset? _lastBurstAlert;
    // Allocated at the first message_id: most activities carry none, and every active user pays for empty collections.
    private Dictionary<string, Guid>? _messageIds;
    private Queue<string>? _messageOrder;

    public async Task<TrackResult> TrackAsync(TrackActivity activity, Guid tenantId) =>
        (await TrackBatchAsync([activity], tenantId, activity.Ack))[0];

    public async Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IReadOnlyList<TrackActivity> activities, Guid tenantId, AckMode? ack)
    {
        RequireMember(tenantId);
        if (S.Status is UserStatus.Deleted or UserStatus.Anonymized)
        {
            throw new ConflictException($"Cannot track activities of a {Name(S.Status)} user.") { Code = "illegal_transition" };
        }

        var counters = await CountersForAsync(tenantId);
        var now = Now;
        var results = new TrackResult?[activities.Count];
        var records = new List<(int Index, ActivityRecord Record)>(activities.Count);
        var durable = ack == AckMode.Durable;
        var loggedIn = false;
        var tracking = PrivacySettings.From(S.Preferences).ActivityTracking;
        List<(ActivityRecord, DetailFields)>? conversational = null;
        for (var i = 0; i < activities.Count; i++)
        {
            var a = activities[i];
            if (Validate(a) is { } rejection)
            {
                results[i] = rejection;
                continue;
            }

            if (!tracking && !ActivityTypes.AuditCritical.Contains(a.ActivityType))
            {
                // The user turned tracking off: only audit-critical activities are kept.
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

            if (a.MessageId is { } key && _messageIds is not null && _messageIds.TryGetValue(key, out var first))
            {
                results[i] = new TrackResult { Status = TrackStatus.Duplicate, Id = first };
                continue;
            }

            var (tokens, cost) = (fields.Tokens, fields.Cost);
            var record = new ActivityRecord
            {
                Id = ActivityIds.Create(now),
                UserId = Id,
                TenantId = tenantId,
                ActivityType = a.ActivityType,
                ResourceType = a.ResourceType,
                ResourceId = a.ResourceId,
                Details = a.Details,
                IpAddress = a.IpAddress,
                UserAgent = a.UserAgent is { Length: > 500 } ua ? ua[..500] : a.UserAgent,
                SessionId = a.SessionId,
                MessageId = a.MessageId,
                OccurredAt = Clamp(a.OccurredAt ?? now, now),
                ReceivedAt = now,
                Tokens = tokens,
                Cost = cost,
                Model = a.ActivityType == ActivityTypes.ModelUsage ? fields.Model ?? Truncate(a.ResourceId, 100) : null,
                Feature = a.ActivityType == ActivityTypes.FeatureUsage ? Truncate(a.ResourceId, 100) : null,
            };
            if (record.ActivityType is ActivityTypes.ChatMessage or ActivityTypes.ModelUsage)
            {
                (conversational ??= []).Add((record, fields));
            }

            if (a.MessageId is not null)
            {
                Remember(a.MessageId, record.Id);
            }

            counters.Count(record.ActivityType, record.OccurredAt, now, tokens, cost);
            S.LastActivityAt = now;
            S.LastActivityType = a.ActivityType;
            loggedIn |= a.ActivityType == ActivityTypes.Login && LoginSucceeded(a.Details);
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

        var durability = await writer.EnqueueAsync(accepted, durable);
        foreach (var (index, record) in records)
        {
            results[index] = new TrackResult { Status = TrackStatus.Accepted, Id = record.Id, Durability = durability };
        }

        if (conversational is not null)
        {
            await TrackConversationsAsync(tenantId, conversational, now);
        }

        await EvaluateAnomaliesAsync(tenantId, counters, accepted, now, loggedIn);
        return results!;
    }

    /// <summary>
    /// The rules evaluated as activities arrive, with the tenant's thresholds: <c>burst</c> (more
    /// than BurstThreshold actions in BurstWindow, once per window) and <c>failed_login_streak</c>
    /// (FailedLoginLimit failed logins in a row lock the user). The grain takes calls one at a time, so parallel attempts lock at
    /// exactly the limit, never beyond it.
    /// </summary>
    private async Task EvaluateAnomaliesAsync(Guid tenantId, ActivityCounters counters, ActivityRecord[] records, DateTimeOffset now, bool loggedIn)
    {
        var rules = await alertRules.GetAsync(tenantId);
        var window = (int)rules.BurstWindow.TotalMinutes;
        var inWindow = counters.CountLastMinutes(now, window);
        if (inWindow > rules.BurstThreshold && (_lastBurstAlert is null || now - _lastBurstAlert >= rules.BurstWindow))
        {
            _lastBurstAlert = now;
            await alerts.RaiseAsync(tenantId, Id, "burst", "medium", new { actions = inWindow, window_minutes = window, threshold = rules.BurstThreshold });
        }

        // Streaks count per membership: a tenant's rules lock the user's membership there, and only
        // the home tenant's rules lock the user everywhere.
        var membership = S.Memberships.First(m => m.TenantId == tenantId);
        var streakBefore = membership.FailedLoginStreak;
        var lockedHere = tenantId == S.HomeTenantId ? S.Status == UserStatus.Locked : membership.IsLocked(now);
        var lockNow = false;
        var loginState = false;
        foreach (var login in records.Where(r => r.ActivityType == ActivityTypes.Login))
        {
            loginState |= await EvaluateLoginAsync(tenantId, login);
            if (LoginSucceeded(login.Details))
            {
                membership.FailedLoginStreak = 0;
                continue;
            }

            // Failures while this tenant's lock holds are what the lock answered: the next streak starts after it.
            if (!lockedHere)
            {
                membership.FailedLoginStreak++;
                lockNow |= membership.FailedLoginStreak >= rules.FailedLoginLimit;
            }
        }

        if (loggedIn)
        {
            S.LastLoginAt = now;
        }

        // A lock starts a new streak (stored with it).
        var failed = membership.FailedLoginStreak;
        if (lockNow && tenantId == S.HomeTenantId && S.Status == UserStatus.Active)
        {
            membership.FailedLoginStreak = 0;
            S.Status = UserStatus.Locked;
            S.LockedUntil = now + rules.FailedLoginLock;
            S.Locked = new LifecycleStamp { At = now, By = "system", Reason = "failed_login_streak" };
            await TransitionAsync("user_locked", ActorContext.System(tenantId), new()
            {
                ["reason"] = "failed_login_streak",
                ["failed_logins"] = failed,
                ["until"] = S.LockedUntil,
            });
            await alerts.RaiseAsync(tenantId, Id, "failed_login_streak", "high", new { failed_logins = failed, locked_until = S.LockedUntil });
        }
        else if (lockNow && tenantId != S.HomeTenantId && !membership.IsLocked(now))
        {
            membership.FailedLoginStreak = 0;
            membership.LockedUntil = now + rules.FailedLoginLock;
            membership.LockReason = "failed_login_streak";
            S.UpdatedAt = now;
            await CommitAsync([Event("membership_locked", ActorContext.System(tenantId), new()
            {
                ["reason"] = "failed_login_streak",
                ["failed_logins"] = failed,
                ["until"] = membership.LockedUntil,
            })]);
            await alerts.RaiseAsync(tenantId, Id, "failed_login_streak", "high", new { failed_logins = failed, locked_until = membership.LockedUntil, scope = "membership" });
        }
        else if (loggedIn || loginState || membership.FailedLoginStreak != streakBefore)
        {
            await CommitAsync([]);
        }
    }

    private const int MaxKnownDevices = 20;
    private const int UnusualHourMinimumLogins = 10;
    private const double ImpossibleSpeedKmh = 1000;

    /// <summary>
    /// new_device (an IP or user agent not seen at earlier logins), unusual_hour (no earlier login
    /// within an hour of this one's hour of day, in the user's time zone, after 10 logins) and
    /// impossible_travel (two located logins farther apart than 1,000 km/h allows). Returns
    /// whether the state the rules keep changed.
    /// </summary>
    private async Task<bool> EvaluateLoginAsync(Guid tenantId, ActivityRecord login)
    {
        var device = $"{login.IpAddress}|{login.UserAgent}";
        if (login.IpAddress is not null || login.UserAgent is not null)
        {
            var seenIp = S.KnownDevices.Any(d => d.StartsWith(login.IpAddress + "|", StringComparison.Ordinal));
            var seenAgent = S.KnownDevices.Any(d => d.EndsWith("|" + login.UserAgent, StringComparison.Ordinal));
            if (S.KnownDevices.Count > 0 && (!seenIp || !seenAgent))
            {
                await alerts.RaiseAsync(tenantId, Id, "new_device", "medium", new { ip_address = login.IpAddress, user_agent = login.UserAgent, new_ip = !seenIp, new_user_agent = !seenAgent });
            }

            S.KnownDevices.Remove(device);
            S.KnownDevices.Add(device);
            if (S.KnownDevices.Count > MaxKnownDevices)
            {
                S.KnownDevices.RemoveAt(0);
            }
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(S.Profile.Timezone ?? "Asia/Shanghai", out var tz) ? tz : TimeZoneInfo.Utc;
        var hour = TimeZoneInfo.ConvertTime(login.OccurredAt, zone).Hour;
        if (S.LoginHours.Length != 24)
        {
            S.LoginHours = new int[24];
        }

        if (S.LoginHours.Sum() >= UnusualHourMinimumLogins
            && S.LoginHours[(hour + 23) % 24] + S.LoginHours[hour] + S.LoginHours[(hour + 1) % 24] == 0)
        {
            await alerts.RaiseAsync(tenantId, Id, "unusual_hour", "low", new { hour, time_zone = zone.Id, usual_hours = S.LoginHours });
        }

        S.LoginHours[hour]++;
        if (Geo(login.Details) is { } here)
        {
            here.At = login.OccurredAt;
            if (S.LastGeo is { } there && here.At > there.At)
            {
                var km = DistanceKm(there, here);
                var hours = Math.Max((here.At - there.At).TotalHours, 1.0 / 3600);
                if (km / hours > ImpossibleSpeedKmh)
                {
                    await alerts.RaiseAsync(tenantId, Id, "impossible_travel", "high", new
                    {
                        from = new { there.Country, lat = there.Lat, lon = there.Lon, at = there.At },
                        to = new { here.Country, lat = here.Lat, lon = here.Lon, at = here.At },
                        distance_km = Math.Round(km),
                        speed_kmh = Math.Round(km / hours),
                    });
                }
            }

            S.LastGeo = here;
        }

        return true;
    }

    private static GeoFix? Geo(string? details)
    {
        if (details is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(details);
        return document.RootElement.TryGetProperty("geo", out var geo) && geo.ValueKind == JsonValueKind.Object
            && geo.TryGetProperty("lat", out var lat) && lat.TryGetDouble(out var la) && la is >= -90 and <= 90
            && geo.TryGetProperty("lon", out var lon) && lon.TryGetDouble(out var lo) && lo is >= -180 and <= 180
            ? new GeoFix { Lat = la, Lon = lo, Country = geo.TryGetProperty("country", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null }
            : null;
    }

    /// <summary>Great-circle distance (haversine) in kilometres.</summary>
    private static double DistanceKm(GeoFix a, GeoFix b)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(b.Lat - a.Lat);
        var dLon = Rad(b.Lon - a.Lon);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(a.Lat)) * Math.Cos(Rad(b.Lat)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * 6371 * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    public async Task<ActivitySummary?> GetActivitySummaryAsync(Guid tenantId, int days)
    {
        if (!S.Exists || S.Memberships.All(m => m.TenantId != tenantId))
        {
            return null;
        }

        if (days is < 1 or > ActivityCounters.RetainedDays)
        {
            throw new ValidationException("days", $"Must be 1 to {ActivityCounters.RetainedDays}.");
        }

        return (await CountersForAsync(tenantId)).Summarize(Now, days);
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
            foreach (var (messageId, activityId) in Enumerable.Reverse(await history.LoadMessageIdsAsync(Id)))
            {
                Remember(messageId, activityId);
            }
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

    /// <summary>Drops what memory holds of activities, so the next read reloads the (scrubbed) store.</summary>
    private void ForgetActivities()
    {
        _counters = null;
        _conversations = null;
        _messageIds = null;
        _messageOrder = null;
        S.LastActivityAt = null;
        S.LastActivityType = null;
    }

    private void Remember(string messageId, Guid activityId)
    {
        _messageIds ??= new Dictionary<string, Guid>(StringComparer.Ordinal);
        _messageOrder ??= new Queue<string>();
        if (_messageIds.TryAdd(messageId, activityId))
        {
            _messageOrder.Enqueue(messageId);
            if (_messageOrder.Count > ActivityHistory.RecentMessageIds)
            {
                _messageIds.Remove(_messageOrder.Dequeue());
            }
        }
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
            throw new NotFoundException($"User {Id} was not found.") { Code = "user_not_found" };
        }
    }

    private static TrackResult? Validate(TrackActivity a)
    {
        static TrackResult Reject(string field, string error) => new() { Status = TrackStatus.Rejected, Field = field, Error = error };
        if (!ActivityTypes.IsValid(a.ActivityType))
        {
            return Reject("activity_type", "A seed type or a custom name matching ^[a-z][a-z0-9_]{2,49}$.");
        }

        if (a.ResourceType is { Length: > 50 })
        {
            return Reject("resource_type", "At most 50 characters.");
        }

        if (a.ResourceId is { Length: > 255 })
        {
            return Reject("resource_id", "At most 255 characters.");
        }

        if (a.SessionId is { Length: > 255 })
        {
            return Reject("session_id", "At most 255 characters.");
        }

        if (a.MessageId is { Length: 0 or > 200 })
        {
            return Reject("message_id", "1 to 200 characters.");
        }

        if (a.IpAddress is not null && !System.Net.IPAddress.TryParse(a.IpAddress, out _))
        {
            return Reject("ip_address", "Not an IPv4 or IPv6 address.");
        }

        return null;
    }

    private static DateTimeOffset Clamp(DateTimeOffset occurred, DateTimeOffset now) =>
        occurred < now - MaxPast ? now - MaxPast : occurred > now + MaxFuture ? now + MaxFuture : occurred;

    private static bool LoginSucceeded(string? details)
    {
        if (details is null)
        {
            return true;
        }

        using var document = JsonDocument.Parse(details);
        return !(document.RootElement.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False);
    }

    private static string? Truncate(string? value, int length) => value is { Length: > 0 } v ? (v.Length > length ? v[..length] : v) : null;
}
