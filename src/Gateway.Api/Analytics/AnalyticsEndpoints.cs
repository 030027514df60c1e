using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Analytics;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Gateway.Analytics;

/// <summary>Tenant analytics (admin:read), always of the caller's own tenant.</summary>
public static class AnalyticsEndpoints
{
    public static RouteGroupBuilder MapAnalyticsEndpoints(this RouteGroupBuilder api)
    {
        var analytics = api.MapGroup("/admin/analytics").WithTags("Analytics").Allow(Access.To(Permissions.AdminRead));
        analytics.MapGet("/active-users", (HttpContext http, IGrainFactory grains, string? tz) =>
        {
            var zone = TimeZones.Require(tz);
            return Query<ActiveUsersResponse>(http, g => g.ActiveUsersAsync(http.GetCaller().TenantId, zone), grains);
        }).WithName("GetActiveUsers").WithSummary("Daily (today in tz, UTC by default), weekly and monthly active members and stickiness.");
        analytics.MapGet("/retention", (HttpContext http, IGrainFactory grains, string? period, int? cohorts, string? tz) =>
        {
            var unit = period ?? "week";
            if (unit is not ("week" or "month"))
            {
                throw new ValidationException("period", "week or month.");
            }

            var count = cohorts ?? 8;
            if (count is < 1 or > 24)
            {
                throw new ValidationException("cohorts", "1 to 24.");
            }

            var zone = TimeZones.Require(tz);
            return Query<RetentionResponse>(http, g => g.RetentionAsync(http.GetCaller().TenantId, unit, count, zone), grains);
        }).WithName("GetRetention").WithSummary("Cohorts by the week or month members joined (default 8 weeks, in tz): size and the share active in each period since.");
        analytics.MapGet("/features", async (HttpContext http, IGrainFactory grains, int? days) =>
            TypedResults.Ok(new FeatureUsageResponse(await List<FeatureUsage>(http, g => g.FeaturesAsync(http.GetCaller().TenantId, Days(days, 7)), grains))))
            .WithName("GetFeatureUsage").WithSummary("Uses and distinct users per activity type over the last days (default 7).");
        analytics.MapGet("/top-users", async (HttpContext http, IGrainFactory grains, int? days, int? limit) =>
        {
            var take = limit is null or (>= 1 and <= 100) ? limit ?? 10 : throw new ValidationException("limit", "1 to 100.");
            return TypedResults.Ok(new TopUsersResponse(await List<TopUser>(http, g => g.TopUsersAsync(http.GetCaller().TenantId, Days(days, 30), take), grains)));
        }).WithName("GetTopUsers").WithSummary("The most active members over the last days (default 30).");
        analytics.MapGet("/lifecycle", (HttpContext http, IGrainFactory grains) =>
            Query<LifecycleResponse>(http, g => g.LifecycleAsync(http.GetCaller().TenantId), grains))
            .WithName("GetLifecycleAnalytics").WithSummary("Members new, returning, resurrecting and dormant by their last two weeks.");
        analytics.MapGet("/users/{userId:guid}/action-path", async (Guid userId, HttpContext http, IGrainFactory grains, int? days) =>
            TypedResults.Ok(new ActionPathResponse(await List<ActionStep>(http, g => g.ActionPathAsync(http.GetCaller().TenantId, userId, Days(days, 7), 200), grains))))
            .WithName("GetActionPath").Allow(Access.User(Permissions.AdminRead, "userId"))
            .WithSummary("A member's last 200 actions of the last days (default 7), each with the one before.");
        return analytics;
    }

    private static int Days(int? days, int fallback) =>
        days is null or (>= 1 and <= 90) ? days ?? fallback : throw new ValidationException("days", "1 to 90.");

    /// <summary>PostgreSQL builds the figures as JSON; read into the declared shape, so a drift fails here, not in a client.</summary>
    private static async Task<Ok<T>> Query<T>(HttpContext http, Func<IAnalyticsGrain, Task<string>> query, IGrainFactory grains) =>
        TypedResults.Ok(Read<T>(http, await query(grains.GetGrain<IAnalyticsGrain>(0))));

    private static async Task<IReadOnlyList<T>> List<T>(HttpContext http, Func<IAnalyticsGrain, Task<string>> query, IGrainFactory grains) =>
        Read<List<T>>(http, await query(grains.GetGrain<IAnalyticsGrain>(0)));

    private static T Read<T>(HttpContext http, string json) =>
        JsonSerializer.Deserialize<T>(json, http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions)
            ?? throw new InvalidOperationException("The analytics query returned null.");
}
