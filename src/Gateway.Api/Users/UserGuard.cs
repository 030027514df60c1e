using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Users;

/// <summary>
/// Tenant isolation for user routes: a user not in the caller's tenant is reported exactly like
/// a missing one (404); lifecycle commands also need the caller to act from the user's home tenant.
/// </summary>
public static class UserGuard
{
    public static async Task<UserView> VisibleUserAsync(this IGrainFactory grains, Guid id, Caller caller)
    {
        var user = await grains.GetGrain<IUserGrain>(id).GetAsync();
        if (user is null || !(caller.IsPlatformOperator || user.Memberships.Any(m => m.TenantId == caller.TenantId)))
        {
            throw NotFound(id);
        }

        return user;
    }

    /// <summary>Read access: the permission, or the user itself.</summary>
    public static void DemandSelfOr(this Caller caller, Guid userId, string permission)
    {
        if (!caller.IsSelf(userId))
        {
            caller.Demand(permission);
        }
    }

    /// <summary>Lifecycle commands act globally: only from the home tenant, or a platform operator.</summary>
    public static void DemandHomeTenant(this Caller caller, UserView user)
    {
        if (!caller.IsPlatformOperator && user.HomeTenantId != caller.TenantId)
        {
            throw new ForbiddenException("the user's home tenant");
        }
    }

    public static NotFoundException NotFound(Guid id) => new($"User {id} was not found.") { Code = "user_not_found" };
}
