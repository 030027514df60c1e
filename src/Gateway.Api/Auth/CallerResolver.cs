using Lyss.UserGrains.Common;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.Caching.Memory;

namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>
/// Turns a validated token into the caller: a token whose subject is a user of this service
/// counts only while that user is active, and gains the permissions of its role in the
/// token's tenant. The user grain is asked at most once per subject and tenant every few
/// seconds, so a deactivation revokes access within that window.
/// </summary>
public sealed class CallerResolver(Common.UserGrainReferences users, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);

    /// <summary>The caller of a token whose subject is the user <paramref name="userId"/>; service tokens need no resolving.</summary>
    public async Task<Caller> ResolveAsync(Caller token, Guid userId)
    {
        var access = await cache.GetOrCreateAsync((userId, token.TenantId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return users.Get(userId).GetAccessAsync(token.TenantId);
        });
        if (access is null || !access.IsUser)
        {
            return token;
        }

        if (access.Status != UserStatus.Active)
        {
            throw new UnauthorizedException($"The user of this token is {WireName.Of(access.Status)}.");
        }

        if (access.RoleInTenant is null)
        {
            // A user who is not (or no longer) a member of the token's tenant holds nothing there.
            return token with { Permissions = new HashSet<string>(StringComparer.Ordinal), IsUser = true };
        }

        if (access.MembershipLocked)
        {
            throw new UnauthorizedException("The user's membership in this tenant is locked.", "membership_locked");
        }

        var permissions = new HashSet<string>(token.Permissions, StringComparer.Ordinal);
        permissions.UnionWith(access.Permissions);
        return token with { Permissions = permissions, IsUser = true, Role = access.RoleInTenant };
    }

    /// <summary>Forgets what is known about a user, after a change made through this gateway.</summary>
    public void Forget(Guid userId, Guid tenantId) => cache.Remove((userId, tenantId));
}
