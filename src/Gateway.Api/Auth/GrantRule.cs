using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>
/// Nobody grants what they do not hold: a role given (by assignment, invitation or registration),
/// a custom role's permissions and explicit grants must all be held by the caller, and
/// <c>owner</c> is given only by an owner or a platform operator.
/// </summary>
public static class GrantRule
{
    public static async Task RequireMayGrantAsync(this Caller caller, IGrainFactory grains, Guid tenantId, string? role, IEnumerable<string>? permissions = null)
    {
        if (caller.IsPlatformOperator)
        {
            return;
        }

        if (role == TenantRoles.Owner && caller.Role != TenantRoles.Owner)
        {
            throw new ForbiddenException("Only an owner (or a platform operator) makes owners.", "owner_required");
        }

        var given = new List<string>(permissions ?? []);
        if (role is not null)
        {
            var resolved = await grains.GetGrain<ITenantGrain>(tenantId).ResolvePermissionsAsync(role);
            given.AddRange(resolved.RolePermissions);
        }

        var beyond = given.Where(p => !caller.Has(p)).Distinct(StringComparer.Ordinal).ToList();
        if (beyond.Count > 0)
        {
            throw new ForbiddenException($"The caller does not hold what it would grant: {string.Join(", ", beyond)}.", "grant_exceeds_caller");
        }
    }
}
