using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Teams;
using Lyss.UserGrains.Tenants;
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
        teams.MapPost("/", Create).WithName("CreateTeam").Allow(Access.To(Permissions.TeamManage)).WithSummary("Create a team in the caller's tenant.");
        teams.MapGet("/", (HttpContext http, IGrainFactory grains) => List(http, grains, null)).WithName("ListTeams")
            .Allow(Access.To(Permissions.UserRead)).WithSummary("Teams of the caller's tenant.");
        teams.MapGet("/{id:guid}", Get).WithName("GetTeam").Allow(Access.Team(Permissions.UserRead).OrTeamMember()).WithSummary("A team with its members.");
        teams.MapPut("/{id:guid}", Rename).WithName("RenameTeam").Allow(Access.Team(Permissions.TeamManage).OrLead()).WithSummary("Rename a team.");
        teams.MapDelete("/{id:guid}", Delete).WithName("DeleteTeam").Allow(Access.Team(Permissions.TeamManage)).WithSummary("Delete a team.");
        teams.MapGet("/{id:guid}/members", Get).WithName("ListTeamMembers").Allow(Access.Team(Permissions.UserRead).OrTeamMember()).WithSummary("A team's members.");
        teams.MapPost("/{id:guid}/members", SetMember).WithName("SetTeamMember").Allow(Access.Team(Permissions.TeamManage).OrLead())
            .WithSummary("Add a tenant member to the team, or change its team role.");
        teams.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMember).WithName("RemoveTeamMember").Allow(Access.Team(Permissions.TeamManage).OrLead().OrSelf("userId"))
            .WithSummary("Remove a member from the team (a member may always leave).");
        api.MapGet("/users/{id:guid}/teams", (Guid id, HttpContext http, IGrainFactory grains) => List(http, grains, id)).WithName("ListUserTeams")
            .Allow(Access.User(Permissions.UserRead).OrSelf()).WithTags("Teams").WithSummary("The teams a user belongs to in the caller's tenant.");
        return teams;
    }

    private static async Task<Created<TeamView>> Create(TeamRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var id = Guid.CreateVersion7();
        var team = await grains.GetGrain<ITeamGrain>(id).CreateAsync(body.Name ?? "", http.ActorOf(caller));
        return TypedResults.Created($"/api/v1/teams/{id}", team);
    }

    private static async Task<Ok<TeamListResponse>> List(HttpContext http, IGrainFactory grains, Guid? userId)
    {
        var caller = http.GetCaller();
        var teams = await grains.GetGrain<ITeamQueryGrain>(0).ListAsync(caller.TenantId, userId);
        return TypedResults.Ok(new TeamListResponse(teams, teams.Count));
    }

    private static async Task<Ok<TeamView>> Get(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        return TypedResults.Ok(await VisibleTeamAsync(id, caller, grains));
    }

    private static async Task<Ok<TeamView>> Rename(Guid id, TeamRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        return TypedResults.Ok(await grains.GetGrain<ITeamGrain>(id).RenameAsync(body.Name ?? "", http.ActorOf(caller)));
    }

    private static async Task<NoContent> Delete(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        await grains.GetGrain<ITeamGrain>(id).DeleteAsync(http.ActorOf(caller));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TeamView>> SetMember(Guid id, TeamMemberRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
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
        return TypedResults.Ok(await grains.GetGrain<ITeamGrain>(id).RemoveMemberAsync(userId, http.ActorOf(caller)));
    }

    private static async Task<TeamView> VisibleTeamAsync(Guid id, Caller caller, IGrainFactory grains)
    {
        var team = await grains.GetGrain<ITeamGrain>(id).GetAsync();
        return team is not null && (team.TenantId == caller.TenantId || caller.IsPlatformOperator)
            ? team
            : throw new NotFoundException("Team not found.") { Code = "team_not_found" };
    }

}
