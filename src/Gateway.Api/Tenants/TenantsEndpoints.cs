using System.Text.Json;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyss.UserGrains.Gateway.Tenants;

public static class TenantsEndpoints
{
    public static RouteGroupBuilder MapTenantsEndpoints(this RouteGroupBuilder api)
    {
        var tenants = api.MapGroup("/tenants").WithTags("Tenants");
        tenants.MapPost("/", CreateTenant).WithName("CreateTenant").Allow(Access.To(Permissions.TenantCreate))
            .WithSummary("Create a tenant; the caller may choose its id.");
        tenants.MapGet("/{id:guid}", GetTenant).WithName("GetTenant").Allow(Access.Tenant(null)).WithSummary("The tenant's settings.");
        tenants.MapPatch("/{id:guid}", PatchTenant).WithName("UpdateTenant").Accepts<JsonElement>("application/merge-patch+json", "application/json")
            .Allow(Access.Tenant(Permissions.TenantManage))
            .WithSummary("Change the tenant's name and settings by JSON merge patch (null restores a default; a seat limit below the members is 409); recorded in its trail.");
        tenants.MapGet("/{id:guid}/events", ListTenantEvents).WithName("ListTenantEvents").Allow(Access.Tenant(Permissions.AdminRead))
            .WithSummary("The tenant's own trail (creation, settings changes), newest first.");
        tenants.MapGet("/{id:guid}/members", ListMembers).WithName("ListTenantMembers").Allow(Access.Tenant(Permissions.UserRead)).WithSummary("Members of the tenant.");
        tenants.MapPut("/{id:guid}/members/{userId:guid}", UpdateMember).WithName("UpdateTenantMember").Allow(Access.Tenant(Permissions.TenantManage).OwnersByOwners("userId"))
            .WithSummary("Change a member's role, grants (never beyond what the caller holds) or external_id (unique in the tenant; \"\" clears it).");
        tenants.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMember).WithName("RemoveTenantMember").Allow(Access.Tenant(Permissions.TenantManage).OrSelf("userId").OwnersByOwners("userId"))
            .WithSummary("Remove a member (or leave, with one's own token); access, teams and lead rights end at once.");
        tenants.MapPost("/{id:guid}/members/{userId:guid}/lock", LockMember).WithName("LockTenantMember").Allow(Access.Tenant(Permissions.UserManage).OwnersByOwners("userId"))
            .WithSummary("Lock the user's membership in this tenant only: its tokens for this tenant are refused until `until`.");
        tenants.MapPost("/{id:guid}/members/{userId:guid}/unlock", UnlockMember).WithName("UnlockTenantMember").Allow(Access.Tenant(Permissions.UserManage).OwnersByOwners("userId"))
            .WithSummary("Lift the lock of the user's membership in this tenant.");
        tenants.MapGet("/{id:guid}/members/{userId:guid}/permissions", MemberPermissions).WithName("GetMemberPermissions").Allow(Access.Tenant(Permissions.UserRead).OrSelf("userId"))
            .WithSummary("Inheritance: tenant defaults → role → grants, and the effective set.");
        tenants.MapGet("/{id:guid}/roles", ListRoles).WithName("ListRoles").Allow(Access.Tenant(null)).WithSummary("Built-in and custom roles with their permissions.");
        tenants.MapPost("/{id:guid}/dormancy-sweep", async (Guid id, IGrainFactory grains) =>
        {
            var dormant = await grains.GetGrain<ITenantGrain>(id).SweepDormantAsync();
            return TypedResults.Ok(new DormancySweepResponse(dormant, dormant.Count));
        }).WithName("SweepDormantUsers").Allow(Access.Tenant(Permissions.UserManage))
            .WithSummary("Report (and, when the tenant enables it, deactivate) users dormant past its threshold; also runs daily.");
        tenants.MapPost("/{id:guid}/engagement-sweep", async (Guid id, IGrainFactory grains) =>
            TypedResults.Ok(new EngagementSweepResponse(await grains.GetGrain<ITenantGrain>(id).ScoreMembersAsync()))).WithName("ScoreMembers")
            .Allow(Access.Tenant(Permissions.AdminRead))
            .WithSummary("Score every active member's engagement now (peer comparison); also runs daily.");
        tenants.MapGet("/{id:guid}/alert-rules", async (Guid id, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<ITenantGrain>(id).GetAlertRulesAsync())).WithName("GetAlertRules")
            .Allow(Access.Tenant(Permissions.AdminRead))
            .WithSummary("The tenant's anomaly thresholds; null fields use the service defaults.");
        tenants.MapPut("/{id:guid}/alert-rules", async (Guid id, AlertRules body, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<ITenantGrain>(id).SetAlertRulesAsync(body, http.ActorOf(http.GetCaller())))).WithName("SetAlertRules")
            .Allow(Access.Tenant(Permissions.TenantManage))
            .WithSummary("Replace the tenant's anomaly thresholds (tenant:manage); silos pick them up within 30 s.");
        tenants.MapPut("/{id:guid}/roles/{name}", PutRole).WithName("PutRole").Allow(Access.Tenant(Permissions.TenantManage))
            .WithSummary("Create or replace a custom role (only with permissions the caller holds).");
        tenants.MapDelete("/{id:guid}/roles/{name}", DeleteRole).WithName("DeleteRole").Allow(Access.Tenant(Permissions.TenantManage)).WithSummary("Delete a custom role.");
        return tenants;
    }

    private static async Task<Ok<TenantView>> PatchTenant(Guid id, JsonElement body, HttpContext http, IGrainFactory grains)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException("body", "A JSON object of the settings to change.");
        }

        var caller = http.GetCaller();
        if (body.TryGetProperty("default_role", out var role) && role.ValueKind == JsonValueKind.String)
        {
            // Every newcomer gets the default role: nobody makes it one holding more than they hold.
            await caller.RequireMayGrantAsync(grains, id, role.GetString());
        }

        var fields = body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
        return TypedResults.Ok(await grains.GetGrain<ITenantGrain>(id).PatchAsync(fields, http.ActorOf(caller)));
    }

    private static async Task<Ok<EventListResponse>> ListTenantEvents(Guid id, IGrainFactory grains, int? limit, int? offset)
    {
        var (take, skip) = Paging.Validate(limit, offset);
        var page = await grains.GetGrain<ITenantGrain>(id).ListEventsAsync(take, skip);
        var events = page.Items.Select(e => new EventResponse(
            e.Id, e.EventType, e.TenantId, e.Actor, JsonDocument.Parse(e.Data).RootElement.Clone(), e.IpAddress, e.UserAgent, e.CreatedAt)).ToList();
        return TypedResults.Ok(new EventListResponse(events, page.Total, page.Limit, page.Offset, page.HasMore));
    }

    private static async Task<Created<TenantView>> CreateTenant(CreateTenantRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var id = body.Id ?? Guid.CreateVersion7();
        if (id == Guid.Empty)
        {
            throw new ValidationException("id", "Must not be the empty UUID.");
        }

        var tenant = await grains.GetGrain<ITenantGrain>(id).CreateAsync(
            new CreateTenantCommand
            {
                Name = body.Name ?? "",
                AutoActivateUsers = body.AutoActivateUsers ?? false,
                DefaultRole = body.DefaultRole ?? TenantRoles.Member,
                SeatLimit = body.SeatLimit,
                AllowedEmailDomains = body.AllowedEmailDomains ?? [],
                DormancyDays = body.DormancyDays ?? 90,
                DeactivateDormantUsers = body.DeactivateDormantUsers ?? false,
            },
            http.ActorOf(caller));
        return TypedResults.Created($"/api/v1/tenants/{id}", tenant);
    }

    private static async Task<Ok<TenantView>> GetTenant(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        return TypedResults.Ok(await grains.GetGrain<ITenantGrain>(id).GetAsync() ?? throw NotFoundException.Tenant(id));
    }

    private static async Task<Ok<MemberListResponse>> ListMembers(
        Guid id, HttpContext http, IGrainFactory grains, int? limit, int? offset, string? status)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        UserStatus? filter = status is null ? null
            : Enum.TryParse<UserStatus>(status, true, out var s) && !int.TryParse(status, out _) ? s
            : throw new ValidationException("status", "Not a user status.");
        _ = await grains.GetGrain<ITenantGrain>(id).GetAsync() ?? throw NotFoundException.Tenant(id);
        var page = await grains.GetGrain<IUserQueryGrain>(0).ListUsersAsync(id, new UserListQuery { Limit = take, Offset = skip, Status = filter, Descending = false });
        var members = page.Items.Select(u => new MemberResponse(u.Id, u.Email, u.Name, u.Role, u.Status, u.JoinedAt, u.InvitedBy)).ToList();
        return TypedResults.Ok(new MemberListResponse(members, page.Total, page.Limit, page.Offset, page.HasMore));
    }

    private static async Task<Ok<MembershipResponse>> UpdateMember(Guid id, Guid userId, MemberUpdateRequest body, HttpContext http, IGrainFactory grains, CallerResolver resolver)
    {
        var caller = http.GetCaller();
        var actor = http.ActorOf(caller) with { TenantId = id };
        await caller.RequireMayGrantAsync(grains, id, body.Role, body.Grants);
        var user = grains.GetGrain<IUserGrain>(userId);
        // The external id first: a taken one (409) leaves the role and grants as they were.
        var membership = body.ExternalId is { } externalId ? await user.SetExternalIdAsync(externalId, actor) : null;
        if (membership is null || body.Role is not null || body.Grants is not null)
        {
            membership = await user.SetMembershipAsync(body.Role, body.Grants, actor);
        }

        resolver.Forget(userId, id);
        return TypedResults.Ok(MembershipResponse.From(userId, id, membership));
    }

    private static async Task<NoContent> RemoveMember(Guid id, Guid userId, HttpContext http, IGrainFactory grains, CallerResolver resolver)
    {
        var caller = http.GetCaller();
        await grains.GetGrain<IUserGrain>(userId).UnlinkTenantAsync(http.ActorOf(caller) with { TenantId = id });
        resolver.Forget(userId, id);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MemberPermissionsResponse>> MemberPermissions(Guid id, Guid userId, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var user = await grains.GetGrain<IUserGrain>(userId).GetAsync();
        var membership = user?.Memberships.FirstOrDefault(m => m.TenantId == id)
            ?? throw NotFoundException.User(userId);
        var inherited = await grains.GetGrain<ITenantGrain>(id).ResolvePermissionsAsync(membership.Role);
        return TypedResults.Ok(new MemberPermissionsResponse(
            userId, id, membership.Role, inherited.TenantDefaults, inherited.RolePermissions, membership.Grants,
            [.. inherited.TenantDefaults.Concat(inherited.RolePermissions).Concat(membership.Grants).Distinct().Order(StringComparer.Ordinal)]));
    }

    private static async Task<Ok<RoleListResponse>> ListRoles(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var custom = await grains.GetGrain<ITenantGrain>(id).GetRolesAsync();
        var roles = TenantRoles.BuiltIn.Select(r => new RoleResponse(r.Key, r.Value, true))
            .Concat(custom.Select(r => new RoleResponse(r.Key, r.Value, false)));
        return TypedResults.Ok(new RoleListResponse([.. roles]));
    }

    private static async Task<Ok<RoleResponse>> PutRole(Guid id, string name, RoleRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        await caller.RequireMayGrantAsync(grains, id, null, body.Permissions);
        var permissions = await grains.GetGrain<ITenantGrain>(id).PutRoleAsync(name, body.Permissions ?? [], http.ActorOf(caller));
        return TypedResults.Ok(new RoleResponse(name, permissions, false));
    }

    private static async Task<NoContent> DeleteRole(Guid id, string name, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        await grains.GetGrain<ITenantGrain>(id).DeleteRoleAsync(name, http.ActorOf(caller));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MembershipResponse>> LockMember(Guid id, Guid userId, LockRequest? body, HttpContext http, IGrainFactory grains, CallerResolver resolver)
    {
        var until = body?.Until ?? throw new ValidationException("until", "Required.");
        var membership = await grains.GetGrain<IUserGrain>(userId).LockMembershipAsync(until, body.Reason, http.ActorOf(http.GetCaller()) with { TenantId = id });
        resolver.Forget(userId, id);
        return TypedResults.Ok(MembershipResponse.From(userId, id, membership));
    }

    private static async Task<Ok<MembershipResponse>> UnlockMember(Guid id, Guid userId, HttpContext http, IGrainFactory grains, CallerResolver resolver)
    {
        var membership = await grains.GetGrain<IUserGrain>(userId).UnlockMembershipAsync(http.ActorOf(http.GetCaller()) with { TenantId = id });
        resolver.Forget(userId, id);
        return TypedResults.Ok(MembershipResponse.From(userId, id, membership));
    }
}
