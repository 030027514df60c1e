using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Teams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyss.UserGrains.Gateway.Teams;

/// <summary>
/// Teams of the caller's tenant. <c>team:manage</c> manages every team; a team's lead manages
/// that team (its collaboration permission); members and <c>user:read</c> holders read it.
/// </summary>
public static class TeamsEndpoints
{
    public static RouteGroupBuilder MapTeamsEndpoints(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/teams").WithTags("Teams");
        teams.MapPost("/", Create);
        teams.MapGet("/", (HttpContext http, IGrainFactory grains) => List(http, grains, null));
        teams.MapGet("/{id:guid}", Get);
        teams.MapPut("/{id:guid}", Rename);
        teams.MapDelete("/{id:guid}", Delete);
        teams.MapGet("/{id:guid}/members", Get);
        teams.MapPost("/{id:guid}/members", SetMember).WithSummary("Add a tenant member to the team, or change its team role.");
        teams.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMember);
        api.MapGet("/users/{id:guid}/teams", async (Guid id, HttpContext http, IGrainFactory grains) =>
        {
            var caller = http.GetCaller();
            caller.DemandSelfOr(id, Permissions.UserRead);
            await grains.VisibleUserAsync(id, caller);
            return await List(http, grains, id);
        }).WithTags("Teams");
        return teams;
    }

    private static async Task<Created<TeamView>> Create(TeamRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        caller.Demand(Permissions.TeamManage);
        var id = Guid.CreateVersion7();
        var team = await grains.GetGrain<ITeamGrain>(id).CreateAsync(body.Name ?? "", http.ActorOf(caller));
        return TypedResults.Created($"/api/v1/teams/{id}", team);
    }

    private static async Task<IResult> List(HttpContext http, IGrainFactory grains, Guid? userId)
    {
        var caller = http.GetCaller();
        if (userId is null && !caller.Has(Permissions.TeamManage))
        {
            caller.Demand(Permissions.UserRead);
        }

        var teams = await grains.GetGrain<ITeamQueryGrain>(0).ListAsync(caller.TenantId, userId);
        return TypedResults.Ok(new { teams, total = teams.Count });
    }

    private static async Task<Ok<TeamView>> Get(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var team = await VisibleTeamAsync(id, caller, grains);
        if (!caller.Has(Permissions.TeamManage) && !caller.Has(Permissions.UserRead) && !IsMember(team, caller))
        {
            throw new ForbiddenException(Permissions.UserRead);
        }

        return TypedResults.Ok(team);
    }

    private static async Task<Ok<TeamView>> Rename(Guid id, TeamRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = await ManagerAsync(id, http, grains);
        return TypedResults.Ok(await grains.GetGrain<ITeamGrain>(id).RenameAsync(body.Name ?? "", http.ActorOf(caller)));
    }

    private static async Task<NoContent> Delete(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        caller.Demand(Permissions.TeamManage);
        await grains.GetGrain<ITeamGrain>(id).DeleteAsync(http.ActorOf(caller));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TeamView>> SetMember(Guid id, TeamMemberRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = await ManagerAsync(id, http, grains);
        var role = body.Role switch
        {
            null or "member" => TeamRole.Member,
            "lead" => TeamRole.Lead,
            _ => throw new ValidationException("role", "Expected lead or member."),
        };
        var user = body.UserId ?? throw new ValidationException("user_id", "Required.");
        return TypedResults.Ok(await grains.GetGrain<ITeamGrain>(id).SetMemberAsync(user, role, http.ActorOf(caller)));
    }

    private static async Task<Ok<TeamView>> RemoveMember(Guid id, Guid userId, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        // A member may always leave; removing someone else takes a manager.
        if (!caller.IsSelf(userId))
        {
            caller = await ManagerAsync(id, http, grains);
        }

        return TypedResults.Ok(await grains.GetGrain<ITeamGrain>(id).RemoveMemberAsync(userId, http.ActorOf(caller)));
    }

    private static async Task<Caller> ManagerAsync(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var team = await VisibleTeamAsync(id, caller, grains);
        if (!caller.Has(Permissions.TeamManage) && !team.Members.Any(m => m.Role == TeamRole.Lead && caller.IsSelf(m.UserId)))
        {
            throw new ForbiddenException(Permissions.TeamManage);
        }

        return caller;
    }

    private static async Task<TeamView> VisibleTeamAsync(Guid id, Caller caller, IGrainFactory grains)
    {
        var team = await grains.GetGrain<ITeamGrain>(id).GetAsync();
        return team is not null && (team.TenantId == caller.TenantId || caller.IsPlatformOperator)
            ? team
            : throw new NotFoundException("Team not found.") { Code = "team_not_found" };
    }

    private static bool IsMember(TeamView team, Caller caller) => team.Members.Any(m => caller.IsSelf(m.UserId));
}
