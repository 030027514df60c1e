using Microsoft.AspNetCore.Http.HttpResults;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Sharing;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Gateway.Sharing;

/// <summary>Shares between users and teams of a tenant, and feedback that admins read.</summary>
public static class SharingEndpoints
{
    public static RouteGroupBuilder MapSharingEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/shares", Share).WithName("CreateShare").Allow(Access.AnyUser).WithTags("Sharing").WithSummary("Share a resource with a user or a team of the tenant.");
        api.MapGet("/shares", ListShares).WithName("ListShares").Allow(Access.AnyUser).WithTags("Sharing").WithSummary("direction=received (default: shared with me or my teams) or sent.");
        api.MapPost("/feedback", SubmitFeedback).WithName("SubmitFeedback").Allow(Access.AnyUser).WithTags("Feedback").WithSummary("Rate (1-5) a resource, or the service.");
        api.MapGet("/feedback", ListFeedback).WithName("ListFeedback").Allow(Access.To(Permissions.AdminRead)).WithTags("Feedback").WithSummary("Feedback of the tenant with the average rating (admin:read).");
        return api;
    }

    private static async Task<Created<Lyss.UserGrains.Sharing.ShareView>> Share(ShareRequest body, HttpContext http, IGrainFactory grains)
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

    private static async Task<Ok<ShareListResponse>> ListShares(HttpContext http, IGrainFactory grains, string? direction, int? limit, int? offset)
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
        return TypedResults.Ok(new ShareListResponse(page.Items, page.Total, page.Limit, page.Offset, page.HasMore));
    }

    private static async Task<Created<Lyss.UserGrains.Sharing.FeedbackView>> SubmitFeedback(FeedbackRequest body, HttpContext http, IGrainFactory grains)
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

    private static async Task<Ok<FeedbackListResponse>> ListFeedback(HttpContext http, IGrainFactory grains, string? resource_type, string? resource_id, int? limit, int? offset)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        var result = await grains.GetGrain<ICollaborationGrain>(0).ListFeedbackAsync(caller.TenantId, resource_type, resource_id, take, skip);
        return TypedResults.Ok(new FeedbackListResponse(
            result.Page.Items, result.AverageRating, result.Page.Total, result.Page.Limit, result.Page.Offset, result.Page.HasMore));
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
