using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyss.UserGrains.Gateway.Tenants;

public static class TenantsEndpoints
{
    public static RouteGroupBuilder MapTenantsEndpoints(this RouteGroupBuilder api)
    {
        var tenants = api.MapGroup("/tenants").WithTags("Tenants");
        tenants.MapPost("/", CreateTenant).WithSummary("Create a tenant; the caller may choose its id.");
        tenants.MapGet("/{id:guid}", GetTenant);
        tenants.MapGet("/{id:guid}/members", ListMembers);
        return tenants;
    }

    private static async Task<Created<TenantView>> CreateTenant(CreateTenantRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        caller.Demand(Permissions.TenantCreate);
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
            },
            http.ActorOf(caller));
        return TypedResults.Created($"/api/v1/tenants/{id}", tenant);
    }

    private static async Task<Ok<TenantView>> GetTenant(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        RequireOwnTenant(caller, id);
        return TypedResults.Ok(await grains.GetGrain<ITenantGrain>(id).GetAsync() ?? throw NotFound(id));
    }

    private static async Task<Ok<MemberListResponse>> ListMembers(
        Guid id, HttpContext http, IGrainFactory grains, int? limit, int? offset, string? status)
    {
        var caller = http.GetCaller();
        RequireOwnTenant(caller, id);
        if (!caller.Has(Permissions.TenantManage))
        {
            caller.Demand(Permissions.UserRead);
        }

        var (take, skip) = Paging.Validate(limit, offset);
        UserStatus? filter = status is null ? null
            : Enum.TryParse<UserStatus>(status, true, out var s) && !int.TryParse(status, out _) ? s
            : throw new ValidationException("status", "Not a user status.");
        _ = await grains.GetGrain<ITenantGrain>(id).GetAsync() ?? throw NotFound(id);
        var page = await grains.GetGrain<IUserQueryGrain>(0).ListUsersAsync(id, new UserListQuery { Limit = take, Offset = skip, Status = filter, Descending = false });
        var members = page.Items.Select(u => new MemberResponse(u.Id, u.Email, u.Name, u.Role, u.Status, u.JoinedAt, u.InvitedBy)).ToList();
        return TypedResults.Ok(new MemberListResponse(members, page.Total, page.Limit, page.Offset, page.HasMore));
    }

    /// <summary>Another tenant is reported exactly like a missing one.</summary>
    private static void RequireOwnTenant(Caller caller, Guid id)
    {
        if (!caller.IsPlatformOperator && caller.TenantId != id)
        {
            throw NotFound(id);
        }
    }

    private static NotFoundException NotFound(Guid id) => new($"Tenant {id} was not found.") { Code = "tenant_not_found" };
}
