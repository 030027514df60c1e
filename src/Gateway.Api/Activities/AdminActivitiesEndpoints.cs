using Lyss.UserGrains.Visitors;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyss.UserGrains.Gateway.Activities;

/// <summary>Admin monitoring routes, scoped to the caller's tenant (queue status is cluster-wide figures only).</summary>
public static class AdminActivitiesEndpoints
{
    public static RouteGroupBuilder MapAdminActivitiesEndpoints(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/user-activities").WithTags("Admin");
        admin.MapGet("/queue-status", QueueStatus).WithName("GetQueueStatus").Allow(Access.To(Permissions.AdminRead)).WithSummary("The silos' writer queues and the spill.");
        admin.MapGet("/dead-letters", DeadLetters).Allow(Access.To(Permissions.AdminRead))
            .WithName("ListDeadLetters").WithSummary("Activities PostgreSQL refused for their content, set aside (the caller's tenant).");
        admin.MapPost("/dead-letters/{id:guid}/retry", RetryDeadLetter).Allow(Access.To(Permissions.TenantManage))
            .WithName("RetryDeadLetter").WithSummary("Writes a dead letter's activity again and removes it; 409 still_refused if refused again.");
        admin.MapDelete("/dead-letters/{id:guid}", DeleteDeadLetter).Allow(Access.To(Permissions.TenantManage))
            .WithName("DeleteDeadLetter").WithSummary("Abandons a dead letter.");
        admin.MapGet("/statistics", Statistics).WithName("GetActivityStatistics").Allow(Access.To(Permissions.AdminRead)).WithSummary("The tenant's activity statistics over the last days (1-90, default 7), its days in tz (IANA, default UTC).");
        admin.MapGet("/user/{userId:guid}", UserActivities).WithName("ListUserActivities").Allow(Access.User(Permissions.ActivityRead, "userId").OrSelf())
            .WithSummary("A user's stored activities in the caller's tenant.");
        admin.MapGet("/visitor/{anonymousId}", VisitorActivities).WithName("ListVisitorActivities").Allow(Access.To(Permissions.ActivityRead))
            .WithSummary("A visitor's stored activities (tracking clients' anonymousId or an unknown userId) in the caller's tenant; empty once linked to a user (see linked_user_id).");
        return admin;
    }

    private static async Task<Ok<DeadLetterListResponse>> DeadLetters(HttpContext http, IGrainFactory grains, int? limit, int? offset)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        var page = await grains.GetGrain<IActivityQueryGrain>(0).ListDeadLettersAsync(caller.TenantId, take, skip);
        // PostgreSQL's text may quote values or name internals: platform operators only.
        return TypedResults.Ok(new DeadLetterListResponse(
            [.. page.Items.Select(d => new DeadLetterResponse(d.Id, d.ActivityId, d.UserId, d.ActivityType, d.SqlState, d.FailedAt, caller.IsPlatformOperator ? d.Error : null))],
            page.Total, page.Limit, page.Offset, page.HasMore));
    }

    private static async Task<NoContent> RetryDeadLetter(Guid id, HttpContext http, IGrainFactory grains)
    {
        await grains.GetGrain<IActivityQueryGrain>(0).RetryDeadLetterAsync(http.GetCaller().TenantId, id);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> DeleteDeadLetter(Guid id, HttpContext http, IGrainFactory grains)
    {
        await grains.GetGrain<IActivityQueryGrain>(0).DeleteDeadLetterAsync(http.GetCaller().TenantId, id);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<QueueStatusResponse>> QueueStatus(HttpContext http, IGrainFactory grains)
    {
        var platform = http.GetCaller().IsPlatformOperator;
        var status = await grains.GetGrain<IActivityQueryGrain>(0).GetQueueStatusAsync();
        return TypedResults.Ok(new QueueStatusResponse(
            status.QueueName,
            status.SpilledInRedis + status.Silos.Sum(s => s.Buffered),
            status.SpilledInRedis,
            status.Silos.Sum(s => s.Buffered),
            Math.Round(status.Silos.Sum(s => s.FlushedPerSecond), 1),
            status.Silos.Max(s => s.LastFlushAt),
            status.Silos.Sum(s => s.Failures),
            status.Silos.All(s => s.PostgresHealthy),
            status.Silos.Sum(s => s.DeadLettered),
            status.Silos.Where(s => s.LastDeadLetterAt is not null).MaxBy(s => s.LastDeadLetterAt)?.LastDeadLetterSqlState,
            // PostgreSQL's error text may quote another tenant's values: platform operators only.
            [.. status.Silos.Select(s => s with { LastError = platform ? s.LastError : null })]));
    }

    private static async Task<Ok<ActivityStatisticsResponse>> Statistics(HttpContext http, IGrainFactory grains, int? days, string? tz)
    {
        var caller = http.GetCaller();
        var period = days ?? 7;
        if (period is < 1 or > 90)
        {
            throw new ValidationException("days", "Must be 1 to 90.");
        }

        var zone = TimeZones.Require(tz);

        var s = await grains.GetGrain<IActivityQueryGrain>(0).GetStatisticsAsync(caller.TenantId, period, zone);
        return TypedResults.Ok(new ActivityStatisticsResponse(
            s.Days,
            s.TodayActivities,
            s.TotalActivities,
            s.ActiveUsers,
            s.ActivityTypes.ToDictionary(t => t.Key, t => t.Value),
            s.DailyTrend.ToDictionary(d => d.Key, d => d.Value),
            [.. s.TopUsers.Select(u => new UserActivityCount(u.Key, u.Value))]));
    }

    private static async Task<Ok<UserActivityListResponse>> UserActivities(Guid userId, HttpContext http, IGrainFactory grains, int? days, int? limit, int? offset)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        var period = days ?? 30;
        if (period is < 1 or > 365)
        {
            throw new ValidationException("days", "Must be 1 to 365.");
        }

        var page = await grains.GetGrain<IActivityQueryGrain>(0).ListUserActivitiesAsync(userId, caller.TenantFor(http.TargetUser()), period, take, skip);
        return TypedResults.Ok(new UserActivityListResponse(
            userId, period, [.. page.Items.Select(ActivityResponse.From)], page.Total, page.Limit, page.Offset, page.HasMore));
    }

    private static async Task<Ok<VisitorActivityListResponse>> VisitorActivities(string anonymousId, HttpContext http, IGrainFactory grains, int? days, int? limit, int? offset)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        var period = days ?? 30;
        if (period is < 1 or > 365)
        {
            throw new ValidationException("days", "Must be 1 to 365.");
        }

        if (anonymousId.Length is 0 or > VisitorIds.MaxAnonymousIdLength)
        {
            throw new ValidationException("anonymous_id", $"1 to {VisitorIds.MaxAnonymousIdLength} characters.");
        }

        var visitor = VisitorIds.IdFor(caller.TenantId, anonymousId);
        var page = await grains.GetGrain<IActivityQueryGrain>(0).ListUserActivitiesAsync(visitor, caller.TenantId, period, take, skip);
        var linked = await grains.GetGrain<IVisitorGrain>(visitor).GetLinkedUserAsync();
        return TypedResults.Ok(new VisitorActivityListResponse(
            anonymousId, visitor, linked, period, [.. page.Items.Select(ActivityResponse.From)], page.Total, page.Limit, page.Offset, page.HasMore));
    }
}
