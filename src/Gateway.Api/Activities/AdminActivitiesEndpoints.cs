using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyss.UserGrains.Gateway.Activities;

/// <summary>The seed's admin monitoring routes, scoped to the caller's tenant (queue status is cluster-wide figures only).</summary>
public static class AdminActivitiesEndpoints
{
    public static RouteGroupBuilder MapAdminActivitiesEndpoints(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/user-activities").WithTags("Admin");
        admin.MapGet("/queue-status", QueueStatus).Allow(Access.To(Permissions.AdminRead)).WithSummary("The silos' writer queues and the spill.");
        admin.MapGet("/dead-letters", DeadLetters).Allow(Access.To(Permissions.AdminRead))
            .WithName("ListDeadLetters").WithSummary("Activities PostgreSQL refused for their content, set aside (the caller's tenant).");
        admin.MapPost("/dead-letters/{id:guid}/retry", RetryDeadLetter).Allow(Access.To(Permissions.TenantManage))
            .WithName("RetryDeadLetter").WithSummary("Writes a dead letter's activity again and removes it; 409 still_refused if refused again.");
        admin.MapDelete("/dead-letters/{id:guid}", DeleteDeadLetter).Allow(Access.To(Permissions.TenantManage))
            .WithName("DeleteDeadLetter").WithSummary("Abandons a dead letter.");
        admin.MapGet("/statistics", Statistics).Allow(Access.To(Permissions.AdminRead)).WithSummary("The tenant's activity statistics over the last days.");
        admin.MapGet("/user/{userId:guid}", UserActivities).Allow(Access.User(Permissions.ActivityRead, "userId").OrSelf())
            .WithSummary("A user's stored activities in the caller's tenant.");
        return admin;
    }

    private static async Task<IResult> DeadLetters(HttpContext http, IGrainFactory grains, int? limit, int? offset)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        var page = await grains.GetGrain<IActivityQueryGrain>(0).ListDeadLettersAsync(caller.TenantId, take, skip);
        return TypedResults.Ok(new
        {
            // PostgreSQL's text may quote values or name internals: platform operators only.
            dead_letters = page.Items.Select(d => new
            {
                id = d.Id,
                activity_id = d.ActivityId,
                user_id = d.UserId,
                activity_type = d.ActivityType,
                sqlstate = d.SqlState,
                failed_at = d.FailedAt,
                error = caller.IsPlatformOperator ? d.Error : null,
            }),
            total = page.Total,
            limit = page.Limit,
            offset = page.Offset,
            has_more = page.HasMore,
        });
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

    private static async Task<IResult> QueueStatus(HttpContext http, IGrainFactory grains)
    {
        var platform = http.GetCaller().IsPlatformOperator;
        var status = await grains.GetGrain<IActivityQueryGrain>(0).GetQueueStatusAsync();
        return TypedResults.Ok(new
        {
            queue_name = status.QueueName,
            queue_length = status.SpilledInRedis + status.Silos.Sum(s => s.Buffered),
            spilled_in_redis = status.SpilledInRedis,
            buffered_in_writers = status.Silos.Sum(s => s.Buffered),
            flushed_rows_per_second = Math.Round(status.Silos.Sum(s => s.FlushedPerSecond), 1),
            last_flush_at = status.Silos.Max(s => s.LastFlushAt),
            failures = status.Silos.Sum(s => s.Failures),
            postgres_healthy = status.Silos.All(s => s.PostgresHealthy),
            dead_letters = status.Silos.Sum(s => s.DeadLettered),
            last_dead_letter_sqlstate = status.Silos.Where(s => s.LastDeadLetterAt is not null).MaxBy(s => s.LastDeadLetterAt)?.LastDeadLetterSqlState,
            // PostgreSQL's error text may quote another tenant's values: platform operators only.
            silos = status.Silos.Select(s => s with { LastError = platform ? s.LastError : null }),
        });
    }

    private static async Task<IResult> Statistics(HttpContext http, IGrainFactory grains, int? days)
    {
        var caller = http.GetCaller();
        var period = days ?? 7;
        if (period is < 1 or > 90)
        {
            throw new ValidationException("days", "Must be 1 to 90.");
        }

        var s = await grains.GetGrain<IActivityQueryGrain>(0).GetStatisticsAsync(caller.TenantId, period);
        return TypedResults.Ok(new
        {
            days = s.Days,
            today_activities = s.TodayActivities,
            total_activities = s.TotalActivities,
            active_users = s.ActiveUsers,
            activity_breakdown = s.ActivityTypes.ToDictionary(t => t.Key, t => t.Value),
            daily_trend = s.DailyTrend.ToDictionary(d => d.Key, d => d.Value),
            top_users = s.TopUsers.Select(u => new { user_id = u.Key, activity_count = u.Value }),
        });
    }

    private static async Task<IResult> UserActivities(Guid userId, HttpContext http, IGrainFactory grains, int? days, int? limit, int? offset)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        var period = days ?? 30;
        if (period is < 1 or > 365)
        {
            throw new ValidationException("days", "Must be 1 to 365.");
        }

        var page = await grains.GetGrain<IActivityQueryGrain>(0).ListUserActivitiesAsync(userId, caller.TenantFor(http.TargetUser()), period, take, skip);
        return TypedResults.Ok(new
        {
            user_id = userId,
            days = period,
            activities = page.Items.Select(ActivityResponse.From),
            total = page.Total,
            limit = page.Limit,
            offset = page.Offset,
            has_more = page.HasMore,
        });
    }
}
