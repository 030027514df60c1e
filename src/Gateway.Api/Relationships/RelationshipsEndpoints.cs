using Microsoft.AspNetCore.Http.HttpResults;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Relationships;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Gateway.Relationships;

/// <summary>
/// Follow, friend and block between users of the caller's tenant. The actor is always the
/// caller's own user (the token's subject); {id} is the other user.
/// </summary>
public static class RelationshipsEndpoints
{
    /// <summary>Relationships are between users: the token's own user acts on another user of its tenant.</summary>
    private static readonly Access Between = Access.User(null).AsUser();

    public static RouteGroupBuilder MapRelationshipsEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users/{id:guid}").WithTags("Relationships");
        Map(users, "/follow", (RelationshipAction.Follow, "Follow this user."), (RelationshipAction.Unfollow, "Stop following this user."));
        Map(users, "/block", (RelationshipAction.Block, "Block this user: follows and friendship end both ways, no new requests."), (RelationshipAction.Unblock, "Lift a block."));
        Map(users, "/friends", (RelationshipAction.RequestFriendship, "Ask this user for friendship; they accept or reject it."), (RelationshipAction.Unfriend, "End a friendship, for both."));
        users.MapPost("/friends/accept", (Guid id, HttpContext http, IGrainFactory grains) => Act(id, http, grains, RelationshipAction.AcceptFriendship)).WithName("AcceptFriendRequest")
            .Allow(Between).WithSummary("Accept this user's friend request.");
        users.MapPost("/friends/reject", (Guid id, HttpContext http, IGrainFactory grains) => Act(id, http, grains, RelationshipAction.RejectFriendship)).WithName("RejectFriendRequest")
            .Allow(Between).WithSummary("Reject this user's friend request.");
        users.MapGet("/relationship", Get).WithName("GetRelationship").Allow(Between).WithSummary("How the caller and this user relate.");
        users.MapGet("/followers", (Guid id, HttpContext http, IGrainFactory grains, int? limit, int? offset) => List(id, "followers", http, grains, limit, offset)).WithName("ListFollowers")
            .Allow(Access.User(Permissions.UserRead).OrSelf()).WithSummary("Who follows this user in the caller's tenant.");
        users.MapGet("/following", (Guid id, HttpContext http, IGrainFactory grains, int? limit, int? offset) => List(id, "following", http, grains, limit, offset)).WithName("ListFollowing")
            .Allow(Access.User(Permissions.UserRead).OrSelf()).WithSummary("Whom this user follows in the caller's tenant.");
        users.MapGet("/friends", (Guid id, HttpContext http, IGrainFactory grains, int? limit, int? offset) => List(id, "friends", http, grains, limit, offset)).WithName("ListFriends")
            .Allow(Access.User(Permissions.UserRead).OrSelf()).WithSummary("This user's friends in the caller's tenant.");
        return users;
    }

    /// <summary>POST does the act, DELETE undoes it, as the token's own user; the action names the operation.</summary>
    private static void Map(RouteGroupBuilder users, string path, (RelationshipAction Action, string Summary) on, (RelationshipAction Action, string Summary) off)
    {
        users.MapPost(path, (Guid id, HttpContext http, IGrainFactory grains) => Act(id, http, grains, on.Action))
            .WithName(on.Action.ToString()).Allow(Between).WithSummary(on.Summary);
        users.MapDelete(path, (Guid id, HttpContext http, IGrainFactory grains) => Act(id, http, grains, off.Action))
            .WithName(off.Action.ToString()).Allow(Between).WithSummary(off.Summary);
    }

    private static async Task<Ok<RelationshipView>> Act(Guid id, HttpContext http, IGrainFactory grains, RelationshipAction action)
    {
        var (caller, self) = await ActorAsync(id, http, grains);
        var view = await grains.GetGrain<IRelationshipGrain>(RelationshipKeys.For(caller.TenantId, self, id)).ActAsync(self, id, action);
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<RelationshipView>> Get(Guid id, HttpContext http, IGrainFactory grains)
    {
        var (caller, self) = await ActorAsync(id, http, grains);
        return TypedResults.Ok(await grains.GetGrain<IRelationshipGrain>(RelationshipKeys.For(caller.TenantId, self, id)).GetAsync(self, id));
    }

    private static async Task<Ok<RelatedUsersPage>> List(Guid id, string kind, HttpContext http, IGrainFactory grains, int? limit, int? offset)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        var page = await grains.GetGrain<IRelationshipQueryGrain>(0).ListAsync(caller.TenantId, id, kind, take, skip);
        var users = (IReadOnlyList<RelatedUser>)[.. page.Items.Select(u => new RelatedUser(u))];
        var result = new RelatedUsersPage(page.Total, page.Limit, page.Offset, page.HasMore);
        return TypedResults.Ok(kind switch
        {
            "followers" => result with { Followers = users },
            "following" => result with { Following = users },
            _ => result with { Friends = users },
        });
    }

    /// <summary>Both users must be members of the caller's tenant; the actor is the token's own user.</summary>
    private static async Task<(Caller Caller, Guid Self)> ActorAsync(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        // The route's rule admits only a user's own token, and the other user only when it is in the caller's tenant.
        var self = caller.UserId!.Value;

        if (self == id)
        {
            throw new ValidationException("id", "A relationship needs another user.");
        }

        await grains.VisibleUserAsync(self, caller);
        return (caller, self);
    }
}
