using Lyss.UserGrains.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Lyss.UserGrains.Behavior;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Gateway.Behavior;

/// <summary>A user's behaviour analysis, insights and recommendations (the user, or activity:read).</summary>
public static class BehaviorEndpoints
{
    public static RouteGroupBuilder MapBehaviorEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users/{id:guid}").WithTags("Behavior");
        users.MapGet("/behavior", async (Guid id, HttpContext http, IGrainFactory grains, string? period, string? tz) =>
        {
            var caller = http.GetCaller();
            var zone = tz is null ? null : TimeZones.Require(tz);
            return TypedResults.Ok(await Analyzer(grains).AnalyzeAsync(caller.TenantFor(http.TargetUser()), id, period ?? BehaviorPeriods.Monthly, zone));
        }).WithName("GetBehavior").Allow(Access.User(Permissions.ActivityRead).OrSelf())
            .WithSummary("A user's behaviour over a daily, weekly, monthly (default) or quarterly period, days and hours in tz (default: the user's own zone); the monthly score is stored on the profile.");
        users.MapGet("/insights", async (Guid id, HttpContext http, IGrainFactory grains) =>
        {
            var caller = http.GetCaller();
            return TypedResults.Ok(await Analyzer(grains).InsightsAsync(caller.TenantFor(http.TargetUser()), id));
        }).WithName("GetInsights").Allow(Access.User(Permissions.ActivityRead).OrSelf()).WithSummary("Trends across periods, comparison with the tenant's analysed members, improvement suggestions.");
        users.MapGet("/recommendations", async (Guid id, HttpContext http, IGrainFactory grains, string? type) =>
        {
            var caller = http.GetCaller();
            return TypedResults.Ok(await Analyzer(grains).RecommendAsync(caller.TenantFor(http.TargetUser()), id, type ?? RecommendationTypes.Models));
        }).WithName("GetRecommendations").Allow(Access.User(Permissions.ActivityRead).OrSelf()).WithSummary("Models, features or settings for this user, each with its reason.");
        return users;
    }

    // Stateless worker: each silo answers with its own activation.
    private static IBehaviorGrain Analyzer(IGrainFactory grains) => grains.GetGrain<IBehaviorGrain>(0);
}
