using System.Text.Json;
using Lyss.UserGrains.Analytics;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Users;

namespace Lyss.UserGrains.Gateway.Analytics;

/// <summary>Tenant analytics (admin:read), always of the caller's own tenant.</summary>
public static class AnalyticsEndpoints
{
    public static RouteGroupBuilder MapAnalyticsEndpoints(this RouteGroupBuilder api)
    {
        var analytics = api.MapGroup("/admin/analytics").WithTags("Analytics").Allow(Access.To(Permissions.AdminRead));
        analytics.MapGet("/active-users", (HttpContext http, IGrainFactory grains) =>
            Json(http, g => g.ActiveUsersAsync(http.GetCaller().TenantId), grains));
        analytics.MapGet("/features", (HttpContext http, IGrainFactory grains, int? days) =>
            Json(http, g => g.FeaturesAsync(http.GetCaller().TenantId, Days(days, 7)), grains, "features"));
        analytics.MapGet("/top-users", (HttpContext http, IGrainFactory grains, int? days, int? limit) =>
            Json(http, g => g.TopUsersAsync(http.GetCaller().TenantId, Days(days, 30), limit is null or (>= 1 and <= 100) ? limit ?? 10 : throw new ValidationException("limit", "1 to 100.")), grains, "top_users"));
        analytics.MapGet("/lifecycle", (HttpContext http, IGrainFactory grains) =>
            Json(http, g => g.LifecycleAsync(http.GetCaller().TenantId), grains));
        analytics.MapGet("/users/{userId:guid}/action-path", async (Guid userId, HttpContext http, IGrainFactory grains, int? days) =>
        {
            return await Json(http, g => g.ActionPathAsync(http.GetCaller().TenantId, userId, Days(days, 7), 200), grains, "path");
        }).Allow(Access.User(Permissions.AdminRead, "userId"));
        return analytics;
    }

    private static int Days(int? days, int fallback) =>
        days is null or (>= 1 and <= 90) ? days ?? fallback : throw new ValidationException("days", "1 to 90.");

    private static async Task<IResult> Json(HttpContext http, Func<IAnalyticsGrain, Task<string>> query, IGrainFactory grains, string? wrap = null)
    {
        var json = JsonDocument.Parse(await query(grains.GetGrain<IAnalyticsGrain>(0))).RootElement.Clone();
        return wrap is null ? TypedResults.Ok(json) : TypedResults.Ok(new Dictionary<string, object> { [wrap] = json });
    }
}
