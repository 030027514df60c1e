using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Sharing;

namespace Lyss.UserGrains.Gateway.Sharing;

/// <summary>Shares between users and teams of a tenant, and feedback that admins read.</summary>
public static class SharingEndpoints
{
    public static RouteGroupBuilder MapSharingEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/shares", Share).Allow(Access.AnyUser).WithTags("Sharing").WithSummary("Share a resource with a user or a team of the tenant.");
        api.MapGet("/shares", ListShares).Allow(Access.AnyUser).WithTags("Sharing").WithSummary("direction=received (default: shared with me or my teams) or sent.");
        api.MapPost("/feedback", SubmitFeedback).Allow(Access.AnyUser).WithTags("Feedback").WithSummary("Rate (1-5) a resource, or the service.");
        api.MapGet("/feedback", ListFeedback).Allow(Access.To(Permissions.AdminRead)).WithTags("Feedback").WithSummary("Feedback of the tenant with the average rating (admin:read).");
        return api;
    }

    private static async Task<IResult> Share(ShareRequest body, HttpContext http, IGrainFactory grains)
    {
        var (caller, self) = await UserCallerAsync(http, grains);
        var share = await grains.GetGrain<ICollaborationGrain>(0).ShareAsync(caller.TenantId, self, new ShareCommand
        {
            ResourceType = body.ResourceType ?? "",
            ResourceId = body.ResourceId ?? "",
            Message = body.Message,
            UserId = body.UserId,
            TeamId = body.TeamId,
        });
        return TypedResults.Created((string?)null, share);
    }

    private static async Task<IResult> ListShares(HttpContext http, IGrainFactory grains, string? direction, int? limit, int? offset)
    {
        var (caller, self) = await UserCallerAsync(http, grains);
        var (take, skip) = Paging.Validate(limit, offset);
        var received = direction switch
        {
            null or "received" => true,
            "sent" => false,
            _ => throw new ValidationException("direction", "Expected received or sent."),
        };
        var page = await grains.GetGrain<ICollaborationGrain>(0).ListSharesAsync(caller.TenantId, self, received, take, skip);
        return TypedResults.Ok(new { shares = page.Items, total = page.Total, limit = page.Limit, offset = page.Offset, has_more = page.HasMore });
    }

    private static async Task<IResult> SubmitFeedback(FeedbackRequest body, HttpContext http, IGrainFactory grains)
    {
        var (caller, self) = await UserCallerAsync(http, grains);
        var feedback = await grains.GetGrain<ICollaborationGrain>(0).SubmitFeedbackAsync(caller.TenantId, self, new FeedbackCommand
        {
            Rating = body.Rating ?? 0,
            Comment = body.Comment,
            ResourceType = body.ResourceType,
            ResourceId = body.ResourceId,
        });
        return TypedResults.Created((string?)null, feedback);
    }

    private static async Task<IResult> ListFeedback(HttpContext http, IGrainFactory grains, string? resource_type, string? resource_id, int? limit, int? offset)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        var result = await grains.GetGrain<ICollaborationGrain>(0).ListFeedbackAsync(caller.TenantId, resource_type, resource_id, take, skip);
        return TypedResults.Ok(new
        {
            feedback = result.Page.Items,
            average_rating = result.AverageRating,
            total = result.Page.Total,
            limit = result.Page.Limit,
            offset = result.Page.Offset,
            has_more = result.Page.HasMore,
        });
    }

    /// <summary>Sharing and feedback are a user's own acts, in a tenant it belongs to.</summary>
    private static async Task<(Caller Caller, Guid Self)> UserCallerAsync(HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        if (!caller.IsUser || caller.UserId is not { } self)
        {
            throw new ForbiddenException("a user's own token");
        }

        await grains.VisibleUserAsync(self, caller);
        return (caller, self);
    }
}
