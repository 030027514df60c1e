using Microsoft.AspNetCore.Http.HttpResults;
using Lyss.UserGrains.Alerts;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Gateway.Alerts;

public static class AlertsEndpoints
{
    public static RouteGroupBuilder MapAlertsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/users/{id:guid}/alerts", async (Guid id, HttpContext http, IGrainFactory grains, int? hours, int? limit, int? offset) =>
        {
            var caller = http.GetCaller();
            return await ListAsync(caller, id, grains, hours, limit, offset);
        }).WithName("ListUserAlerts").Allow(Access.User(Permissions.AdminRead).OrSelf()).WithTags("Alerts").WithSummary("Security alerts of a user in the last hours (new device, unusual hour, impossible travel, failed logins, bursts).");
        api.MapGet("/admin/alerts", async (HttpContext http, IGrainFactory grains, int? hours, int? limit, int? offset) =>
        {
            var caller = http.GetCaller();
            return await ListAsync(caller, null, grains, hours, limit, offset);
        }).WithName("ListTenantAlerts").Allow(Access.To(Permissions.AdminRead)).WithTags("Alerts").WithSummary("Security alerts of the caller's tenant.");
        return api;
    }

    private static async Task<Ok<AlertListResponse>> ListAsync(Caller caller, Guid? userId, IGrainFactory grains, int? hours, int? limit, int? offset)
    {
        var (take, skip) = Paging.Validate(limit, offset);
        var window = hours ?? 24;
        if (window is < 1 or > 24 * 90)
        {
            throw new ValidationException("hours", "1 to 2160.");
        }

        var page = await grains.GetGrain<IAlertQueryGrain>(0).ListAsync(caller.TenantId, userId, window, take, skip);
        return TypedResults.Ok(new AlertListResponse(
            [.. page.Items.Select(a => new AlertResponse(a.Id, a.UserId, a.Type, a.Severity, System.Text.Json.JsonDocument.Parse(a.Evidence).RootElement.Clone(), a.CreatedAt))],
            page.Total, page.Limit, page.Offset, page.HasMore));
    }
}
