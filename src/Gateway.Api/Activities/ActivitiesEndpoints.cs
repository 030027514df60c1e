
using Lyss.UserGrains.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.OpenApi;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;
using Microsoft.AspNetCore.Mvc;

namespace Lyss.UserGrains.Gateway.Activities;

public static class ActivitiesEndpoints
{
    private const int MaxBatch = ActivityLimits.BatchSize;
    private const long MaxBatchBytes = ActivityLimits.BatchBodyBytes;
    private const long MaxActivityBytes = ActivityLimits.ActivityBodyBytes;

    public static RouteGroupBuilder MapActivitiesEndpoints(this RouteGroupBuilder api)
    {
        var activities = api.MapGroup("/activities").WithTags("Activities").RequireRateLimiting(Limits.LimitsExtensions.IngestionPolicy);
        activities.MapPost("/", Track).WithName("TrackActivity").ProducesProblemOf(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests).Allow(Access.To(Permissions.ActivityWrite).ForBodySubjects()).WithMetadata(new RequestSizeLimitAttribute(MaxActivityBytes))
            .WithSummary("Track one activity: 202 buffered, 201 durable, 200 duplicate message_id.");
        activities.MapPost("/batch", TrackBatch).WithName("TrackActivityBatch").ProducesProblemOf(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests).Allow(Access.To(Permissions.ActivityWrite).ForBodySubjects()).WithMetadata(new RequestSizeLimitAttribute(MaxBatchBytes))
            .WithSummary("Track up to 1000 activities (1 MiB) with a result per item.");
        api.MapGet("/users/{id:guid}/activity-summary", Summary).WithName("GetActivitySummary").Allow(Access.User(Permissions.ActivityRead).OrSelf()).WithTags("Activities")
            .WithSummary("A user's activity by day, type and hour of the last days (1-365, default 30) in a time zone (tz, IANA; default UTC).");
        return activities;
    }

    private static async Task<Results<Ok<ActivityAccepted>, Created<ActivityAccepted>, Accepted<ActivityAccepted>, Accepted<NotTrackedResponse>>> Track(
        ActivityRequest body, HttpContext http, UserGrainReferences users, TimeProvider time)
    {
        var caller = http.GetCaller();
        var userId = body.UserId ?? throw new ValidationException("user_id", "Required.");
        var result = await users.Get(userId).TrackAsync(ToCommand(body, http, null, time.GetUtcNow()), await TenantForAsync(caller, userId, users));
        return result.Status switch
        {
            TrackStatus.Rejected => throw new ValidationException(result.Field ?? "activity", result.Error ?? "Rejected."),
            TrackStatus.Duplicate => TypedResults.Ok(new ActivityAccepted(result.Id!.Value, "duplicate", null)),
            TrackStatus.NotTracked => TypedResults.Accepted((string?)null, new NotTrackedResponse()),
            _ when result.Durability == Durability.Buffered => TypedResults.Accepted((string?)null, new ActivityAccepted(result.Id!.Value, "accepted", result.Durability)),
            _ => TypedResults.Created((string?)null, new ActivityAccepted(result.Id!.Value, "accepted", result.Durability)),
        };
    }

    private static async Task<Ok<BatchResponse>> TrackBatch(ActivityBatchRequest body, HttpContext http, UserGrainReferences users, TimeProvider time)
    {
        var received = time.GetUtcNow();
        var caller = http.GetCaller();
        var items = body.Activities ?? throw new ValidationException("activities", "Required.");
        if (items.Count is 0 or > MaxBatch)
        {
            throw new ValidationException("activities", $"1 to {MaxBatch} activities.");
        }

        var ack = ParseAck(body.Ack, "ack");
        var results = new BatchItemResult[items.Count];
        var byUser = new Dictionary<Guid, List<int>>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].UserId is { } user)
            {
                (byUser.TryGetValue(user, out var list) ? list : byUser[user] = []).Add(i);
            }
            else
            {
                results[i] = new BatchItemResult(i, "rejected", null, "Required.", "user_id");
            }
        }

        await Task.WhenAll(byUser.Select(async group =>
        {
            try
            {
                var commands = group.Value.Select(i => ToCommand(items[i], http, body.SentAt, received)).ToList();
                var tracked = await users.Get(group.Key).TrackBatchAsync(commands, await TenantForAsync(caller, group.Key, users), ack);
                for (var k = 0; k < group.Value.Count; k++)
                {
                    var r = tracked[k];
                    results[group.Value[k]] = new BatchItemResult(group.Value[k], WireName.Of(r.Status), r.Id, r.Error, r.Field);
                }
            }
            catch (OutcomeUnknownException e)
            {
                // Queued, not confirmed: the caller retries these with the same message_id.
                for (var k = 0; k < group.Value.Count; k++)
                {
                    var i = group.Value[k];
                    results[i] = new BatchItemResult(i, "outcome_unknown", k < e.ActivityIds.Count ? e.ActivityIds[k] : null, e.Message, null);
                }
            }
            catch (UnavailableException e)
            {
                foreach (var i in group.Value)
                {
                    results[i] = new BatchItemResult(i, "unavailable", null, e.Message, null);
                }
            }
            catch (DomainException e) when (e is NotFoundException or ConflictException or ValidationException)
            {
                foreach (var i in group.Value)
                {
                    results[i] = new BatchItemResult(i, "rejected", null, e.Message, e is ValidationException v ? v.Errors.Keys.FirstOrDefault() : "user_id");
                }
            }
        }));

        if (results.All(r => r.Status == "unavailable"))
        {
            throw new UnavailableException("The activity pipeline is full while its stores are unavailable; retry shortly.") { Code = "pipeline_full" };
        }

        return TypedResults.Ok(new BatchResponse(
            results.Count(r => r.Status == "accepted"), results.Count(r => r.Status == "duplicate"), results.Count(r => r.Status == "rejected"), results)
        {
            NotTracked = results.Count(r => r.Status == "not_tracked"),
        });
    }

    private static async Task<Ok<ActivitySummaryResponse>> Summary(Guid id, HttpContext http, IGrainFactory grains, int? days, string? tz)
    {
        var caller = http.GetCaller();
        var period = days ?? 30;
        var summary = await grains.GetGrain<IUserGrain>(id).GetActivitySummaryAsync(caller.TenantFor(http.TargetUser()), period, tz)
            ?? throw NotFoundException.User(id);
        return TypedResults.Ok(new ActivitySummaryResponse(
            id,
            summary.Days,
            new ActivityBasicStats(summary.TotalActivities, summary.ActiveDays, Math.Round((double)summary.TotalActivities / summary.Days, 2), summary.LastActivityAt),
            summary.DailyDistribution.ToDictionary(d => d.Key, d => d.Value),
            summary.ActivityTypes.ToDictionary(t => t.Key, t => t.Value),
            summary.ActivityTypes.ToDictionary(t => t.Key, t => t.Value),
            summary.HourlyPattern.Select((count, hour) => (hour, count)).ToDictionary(h => h.hour.ToString("00", System.Globalization.CultureInfo.InvariantCulture), h => h.count),
            new ModelUsageTotals(summary.ModelTokens, summary.ModelCost),
            [.. summary.RecentActivities.Take(20).Select(ActivityResponse.From)]));
    }

    /// <summary>With <c>sent_at</c> (the item's or the batch's), occurred_at is corrected for the caller's clock (<see cref="ClockSkew"/>).</summary>
    private static TrackActivity ToCommand(ActivityRequest body, HttpContext http, DateTimeOffset? batchSentAt, DateTimeOffset received) => new()
    {
        ActivityType = body.ActivityType ?? "",
        ResourceType = body.ResourceType,
        ResourceId = body.ResourceId,
        Details = body.Details is { ValueKind: not System.Text.Json.JsonValueKind.Null } d ? d.GetRawText() : null,
        SessionId = body.SessionId,
        // The end user's address as the calling service reports it; absent, this connection's.
        IpAddress = body.IpAddress ?? http.Connection.RemoteIpAddress?.ToString(),
        UserAgent = body.UserAgent ?? (http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null),
        OccurredAt = ClockSkew.Correct(body.OccurredAt, body.SentAt ?? batchSentAt, received),
        MessageId = body.MessageId,
        Ack = ParseAck(body.Ack, "ack"),
    };

    /// <summary>A platform operator tracks in the user's home tenant when it is no member of its own; others in their own tenant.</summary>
    private static async ValueTask<Guid> TenantForAsync(Caller caller, Guid userId, UserGrainReferences users) =>
        caller.IsPlatformOperator && await users.Get(userId).GetAsync() is { } user ? caller.TenantFor(user) : caller.TenantId;

    private static AckMode? ParseAck(string? ack, string field) => ack switch
    {
        null => null,
        "buffered" => AckMode.Buffered,
        "durable" => AckMode.Durable,
        _ => throw new ValidationException(field, "Expected buffered or durable."),
    };
}
