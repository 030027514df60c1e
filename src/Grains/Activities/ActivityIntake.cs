using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Grains.Users;

namespace Lyss.UserGrains.Grains.Activities;

/// <summary>
/// What every grain that accepts activities (users, visitors) decides alike, without I/O: whether
/// an activity is acceptable, and the row it becomes, stamped with server time.
/// </summary>
public static class ActivityIntake
{
    private static readonly TimeSpan MaxPast = TimeSpan.FromDays(7);
    private static readonly TimeSpan MaxFuture = TimeSpan.FromMinutes(5);

    public static TrackResult Reject(string field, string error) => new() { Status = TrackStatus.Rejected, Field = field, Error = error };

    /// <summary>The refusal of the activity's own fields (details are read by <see cref="DetailFields"/>), or null.</summary>
    public static TrackResult? Validate(TrackActivity a)
    {
        if (!ActivityTypes.IsValid(a.ActivityType))
        {
            return Reject("activity_type", "A built-in type or a custom name matching ^[a-z][a-z0-9_]{2,49}$.");
        }

        if (a.ResourceType is { Length: > ActivityLimits.ResourceTypeLength })
        {
            return Reject("resource_type", $"At most {ActivityLimits.ResourceTypeLength} characters.");
        }

        if (a.ResourceId is { Length: > ActivityLimits.ResourceIdLength })
        {
            return Reject("resource_id", $"At most {ActivityLimits.ResourceIdLength} characters.");
        }

        if (a.SessionId is { Length: > ActivityLimits.SessionIdLength })
        {
            return Reject("session_id", $"At most {ActivityLimits.SessionIdLength} characters.");
        }

        if (a.MessageId is { Length: 0 or > ActivityLimits.MessageIdLength })
        {
            return Reject("message_id", $"1 to {ActivityLimits.MessageIdLength} characters.");
        }

        if (a.IpAddress is not null && !System.Net.IPAddress.TryParse(a.IpAddress, out _))
        {
            return Reject("ip_address", "Not an IPv4 or IPv6 address.");
        }

        // One row with a NUL or a lone surrogate used to stop the writer for every tenant: refused here, at the door.
        foreach (var (field, text) in (ReadOnlySpan<(string, string?)>)[("resource_type", a.ResourceType), ("resource_id", a.ResourceId),
                     ("session_id", a.SessionId), ("message_id", a.MessageId), ("user_agent", a.UserAgent)])
        {
            if (PlainText.Problem(text) is { } problem)
            {
                return Reject(field, problem);
            }
        }

        return null;
    }

    /// <summary>The row an accepted activity becomes: a UUIDv7 id, server time, the caller's time within a sane window.</summary>
    public static ActivityRecord ToRecord(TrackActivity a, in DetailFields fields, Guid subjectId, Guid tenantId, DateTimeOffset now)
    {
        var usage = a.ActivityType == ActivityTypes.ModelUsage;
        return new ActivityRecord
        {
            Id = ActivityIds.Create(now),
            UserId = subjectId,
            TenantId = tenantId,
            ActivityType = a.ActivityType,
            ResourceType = a.ResourceType,
            ResourceId = a.ResourceId,
            Details = a.Details,
            IpAddress = a.IpAddress,
            UserAgent = a.UserAgent is { } ua ? PlainText.Cut(ua, ActivityLimits.UserAgentLength) : null,
            SessionId = a.SessionId,
            MessageId = a.MessageId,
            OccurredAt = Clamp(a.OccurredAt ?? now, now),
            ReceivedAt = now,
            Tokens = fields.Tokens,
            Cost = fields.Cost,
            Model = usage ? fields.Model ?? Truncate(a.ResourceId, ActivityLimits.UsageNameLength) : null,
            Feature = a.ActivityType == ActivityTypes.FeatureUsage ? Truncate(a.ResourceId, ActivityLimits.UsageNameLength) : null,
            Provider = usage ? fields.Provider : null,
            ResponseModel = fields.ResponseTime is null ? null
                : fields.Model ?? (usage ? Truncate(a.ResourceId, ActivityLimits.UsageNameLength) : null),
            ResponseTime = fields.ResponseTime,
            ClientReported = a.ClientReported,
        };
    }

    /// <summary>
    /// Custom types of the batch the tenant may not use (past its cap), or null. Seed types and types
    /// this silo saw admitted cost a lookup; others ask the tenant's grain once. Types only tracking
    /// clients name are admitted while the tenant uses less than half its cap, so a published write
    /// key cannot use up the types its services need.
    /// </summary>
    public static async Task<HashSet<string>?> RefusedCustomTypesAsync(
        IReadOnlyList<TrackActivity> activities, Guid tenantId, IGrainFactory grains, CustomTypeCache cache, int cap)
    {
        List<string>? unknown = null;
        HashSet<string>? trusted = null;
        foreach (var a in activities)
        {
            if (a.ActivityType is { } type && !ActivityTypes.Known.Contains(type) && ActivityTypes.IsValid(type) && !cache.IsAdmitted(tenantId, type))
            {
                if (unknown?.Contains(type) != true)
                {
                    (unknown ??= []).Add(type);
                }

                if (!a.ClientReported)
                {
                    (trusted ??= new HashSet<string>(StringComparer.Ordinal)).Add(type);
                }
            }
        }

        if (unknown is null)
        {
            return null;
        }

        var types = grains.GetGrain<ITenantActivityTypesGrain>(tenantId);
        var admitted = new List<string>(unknown.Count);
        var byService = trusted is null ? [] : unknown.Where(trusted.Contains).ToList();
        var byClients = trusted is null ? unknown : unknown.Where(t => !trusted.Contains(t)).ToList();
        if (byService.Count > 0)
        {
            admitted.AddRange(await types.AdmitAsync(byService, cap));
        }

        if (byClients.Count > 0)
        {
            admitted.AddRange(await types.AdmitAsync(byClients, cap / 2));
        }

        cache.Admit(tenantId, admitted);
        return admitted.Count == unknown.Count ? null : [.. unknown.Except(admitted, StringComparer.Ordinal)];
    }

    /// <summary>
    /// A refused custom type: the activity as its <see cref="TrackActivity.OverflowType"/> when the
    /// caller named one (tracking protocols: custom_event), else a rejection.
    /// </summary>
    public static (TrackActivity? Activity, TrackResult? Rejection) PastCap(TrackActivity a, int cap) =>
        a.OverflowType is { } overflow
            ? (a with { ActivityType = overflow, OverflowType = null }, null)
            : (null, Reject("activity_type", $"The tenant uses {cap} custom activity types already; use one of them or a built-in type."));

    private static DateTimeOffset Clamp(DateTimeOffset occurred, DateTimeOffset now) =>
        occurred < now - MaxPast ? now - MaxPast : occurred > now + MaxFuture ? now + MaxFuture : occurred;

    private static string? Truncate(string? value, int length) => value is { Length: > 0 } v ? PlainText.Cut(v, length) : null;
}
