using Lyss.UserGrains.Tenants;
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
            throw NotFoundException.User(id);
        }

        return user;
    }

    /// <summary>The user the route names, loaded and checked by the access rule.</summary>
    public static UserView TargetUser(this HttpContext http) =>
        AccessMiddleware.TargetUser(http) ?? throw new InvalidOperationException("The route's access rule names no user.");

    /// <summary>
    /// The tenant whose data about the user a request reads or writes: the caller's own, except for a
    /// platform operator acting on a user who is no member there (then the user's home tenant).
    /// </summary>
    public static Guid TenantFor(this Caller caller, UserView user) =>
        caller.IsPlatformOperator && user.Memberships.All(m => m.TenantId != caller.TenantId) ? user.HomeTenantId : caller.TenantId;

    /// <summary>The user itself, its home tenant and platform operators see more than identity and status.</summary>
    public static bool SeesPrivate(this Caller caller, UserView user) =>
        caller.IsSelf(user.Id) || caller.IsPlatformOperator || user.HomeTenantId == caller.TenantId;

    /// <summary>Presence: never to other tenants, and to nobody but the user when it hides it (privacy.show_presence).</summary>
    public static bool SeesPresence(this Caller caller, UserView user) =>
        caller.IsSelf(user.Id) || (caller.SeesPrivate(user) && (user.ShowPresence || caller.IsPlatformOperator));

    /// <summary>privacy.profile_visibility: tenant (the home tenant), public (every tenant of the user), private (the user, its home tenant's user managers, operators).</summary>
    public static bool MaySeeProfile(this Caller caller, UserView user) =>
        caller.IsSelf(user.Id) || caller.IsPlatformOperator || user.ProfileVisibility switch
        {
            ProfileVisibility.Public => true,
            ProfileVisibility.Private => user.HomeTenantId == caller.TenantId && caller.Has(Permissions.UserManage),
            _ => user.HomeTenantId == caller.TenantId,
        };

    public static void DemandProfileVisible(this Caller caller, UserView user)
    {
        if (!caller.MaySeeProfile(user))
        {
            throw user.HomeTenantId != caller.TenantId && user.ProfileVisibility != ProfileVisibility.Private
                ? ForbiddenException.NotHomeTenant()
                : new ForbiddenException("The user keeps its profile private.", "forbidden");
        }
    }

    /// <summary>Lifecycle commands act globally: only from the home tenant, or a platform operator.</summary>
    public static void DemandHomeTenant(this Caller caller, UserView user)
    {
        if (!caller.IsPlatformOperator && user.HomeTenantId != caller.TenantId)
        {
            throw ForbiddenException.NotHomeTenant();
        }
    }

    /// <summary>
    /// When the user is an owner of the caller's tenant, only an owner, the user itself or a platform
    /// operator may act on it (403 <c>owner_required</c>); used by <see cref="Access.OwnersByOwners"/> and bulk commands.
    /// </summary>
    public static void DemandOwnerForOwner(this Caller caller, UserView user)
    {
        if (!caller.IsPlatformOperator && !caller.IsSelf(user.Id) && caller.Role != TenantRoles.Owner
            && user.Memberships.Any(m => m.TenantId == caller.TenantId && m.Role == TenantRoles.Owner))
        {
            throw new ForbiddenException("Only an owner (or a platform operator) acts on an owner.", "owner_required");
        }
    }

}
