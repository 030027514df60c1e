using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Users;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>
/// Enforces the <see cref="Access"/> an endpoint declares, before its handler runs: the one place
/// where who-may-call is checked. An <c>/api/v1</c> endpoint without a declaration fails closed.
/// </summary>
public sealed class AccessMiddleware(RequestDelegate next)
{
    private const string TargetUserKey = "lyss.target-user";

    public async Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        var access = endpoint?.Metadata.GetMetadata<Access>();
        if (access is null)
        {
            if (endpoint is RouteEndpoint route && route.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            {
                throw new InvalidOperationException($"The endpoint {route.RoutePattern.RawText} declares no access rule.");
            }

            await next(http);
            return;
        }

        if (!access.Anonymous && !access.WriteKey && !access.Scim)
        {
            await CheckAsync(access, http);
        }

        await next(http);
    }

    /// <summary>The user the route names, as the access check loaded it (null on routes without a user target).</summary>
    public static UserView? TargetUser(HttpContext http) => http.Items[TargetUserKey] as UserView;

    /// <summary>For <see cref="Access.SubjectsOfBody"/>: a user's token acts only for itself.</summary>
    public static void CheckSubjects(Caller caller, IEnumerable<Guid> subjects)
    {
        if (caller.IsUser && !caller.IsPlatformOperator && subjects.Any(id => id != caller.UserId))
        {
            throw new ForbiddenException("A user's token tracks only that user's own activities; use a service principal for others.", "not_self");
        }
    }

    private static async Task CheckAsync(Access access, HttpContext http)
    {
        var caller = http.GetCaller();
        if (access.UserCaller && !caller.IsUser)
        {
            throw new ForbiddenException("Only a user's own token may do this, not a service principal.", "forbidden");
        }

        switch (access.Target)
        {
            case AccessTarget.Tenant:
                var tenant = RouteGuid(http, access.RouteKey!);
                if (!caller.IsPlatformOperator && tenant != caller.TenantId)
                {
                    throw NotFoundException.Tenant(tenant);
                }

                if (!(access.Self && access.SelfRouteKey is { } key && caller.IsSelf(RouteGuid(http, key))))
                {
                    Demand(caller, access.Permission);
                    if (access.OwnerRouteKey is { } owner)
                    {
                        var target = await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(RouteGuid(http, owner)).GetAsync();
                        if (target is not null && target.Memberships.Any(m => m.TenantId == tenant))
                        {
                            caller.DemandOwnerForOwner(target);
                        }
                    }
                }

                break;
            case AccessTarget.User:
                await CheckUserAsync(access, http, caller);
                break;
            case AccessTarget.Team:
                await CheckTeamAsync(access, http, caller);
                break;
            default:
                Demand(caller, access.Permission);
                break;
        }
    }

    private static async Task CheckUserAsync(Access access, HttpContext http, Caller caller)
    {
        var id = RouteGuid(http, access.RouteKey!);
        var self = caller.IsSelf(id);
        var asSelf = self && access.Self;

        // A missing permission answers the same for every id (403), so it comes before the lookup.
        if (!access.SelfOnly && !asSelf)
        {
            Demand(caller, access.Permission);
        }

        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        var user = await grains.GetGrain<IUserGrain>(id).GetAsync();
        if (user is null || !(self || caller.IsPlatformOperator || user.Memberships.Any(m => m.TenantId == caller.TenantId)))
        {
            throw NotFoundException.User(id);
        }

        http.Items[TargetUserKey] = user;
        if (access.SelfOnly && !self)
        {
            throw ForbiddenException.NotSelf();
        }

        if (!asSelf && !access.SelfOnly && access.HomeTenant && !caller.IsPlatformOperator && user.HomeTenantId != caller.TenantId)
        {
            throw ForbiddenException.NotHomeTenant();
        }

        if (!self && access.OwnerRouteKey is not null)
        {
            caller.DemandOwnerForOwner(user);
        }
    }

    private static async Task CheckTeamAsync(Access access, HttpContext http, Caller caller)
    {
        var team = await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<Lyss.UserGrains.Teams.ITeamGrain>(RouteGuid(http, access.RouteKey!)).GetAsync();
        if (team is null || (team.TenantId != caller.TenantId && !caller.IsPlatformOperator))
        {
            throw new Lyss.UserGrains.Errors.NotFoundException("Team not found.") { Code = "team_not_found" };
        }

        var member = team.Members.FirstOrDefault(m => caller.IsSelf(m.UserId));
        var passes = (access.Lead && member?.Role == Lyss.UserGrains.Teams.TeamRole.Lead)
            || (access.TeamMember && member is not null)
            || (access.Self && access.SelfRouteKey is { } key && caller.IsSelf(RouteGuid(http, key)));
        if (!passes)
        {
            Demand(caller, access.Permission);
        }
    }

    private static void Demand(Caller caller, string? permission)
    {
        if (permission is not null)
        {
            caller.Demand(permission);
        }
    }

    private static Guid RouteGuid(HttpContext http, string key) =>
        http.Request.RouteValues.TryGetValue(key, out var value) && Guid.TryParse(value?.ToString(), out var id)
            ? id
            : throw new InvalidOperationException($"The route has no GUID value '{key}'.");
}
