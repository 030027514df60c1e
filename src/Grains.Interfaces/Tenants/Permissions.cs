namespace Lyss.UserGrains.Tenants;

/// <summary>
/// The permission catalogue: what a token, a role or a grant may name, what covers what, and what a
/// tenant may hand out. The gateway's access rules, the roles and grant validation all read it here.
/// </summary>
public static class Permissions
{
    public const string UserCreate = "user:create";
    public const string UserRead = "user:read";
    public const string UserUpdate = "user:update";
    public const string UserManage = "user:manage";
    public const string UserDelete = "user:delete";
    public const string UserAll = "user:*";
    public const string ActivityWrite = "activity:write";
    public const string ActivityRead = "activity:read";
    public const string ActivityAll = "activity:*";
    public const string AdminRead = "admin:read";
    public const string AdminAll = "admin:*";
    public const string TenantCreate = "tenant:create";
    public const string TenantManage = "tenant:manage";
    public const string TenantAll = "tenant:*";
    public const string InvitationCreate = "invitation:create";
    public const string InvitationAll = "invitation:*";
    public const string TeamManage = "team:manage";
    public const string TeamAll = "team:*";

    /// <summary>Provision the tenant's users and groups by SCIM 2.0 (and mint its SCIM tokens).</summary>
    public const string ScimProvision = "scim:provision";

    /// <summary>The platform operator's: covers every permission in every tenant. Never part of a role or grant.</summary>
    public const string Platform = "platform:*";

    /// <summary>Every permission a role or grant may name (with the <c>area:*</c> wildcards), not <see cref="Platform"/>.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        UserCreate, UserRead, UserUpdate, UserManage, UserDelete, UserAll,
        ActivityWrite, ActivityRead, ActivityAll, AdminRead, AdminAll,
        TenantCreate, TenantManage, TenantAll, InvitationCreate, InvitationAll, TeamManage, TeamAll, ScimProvision,
    };

    /// <summary>
    /// Permissions a tenant may hand out: the catalogue without creating tenants (<see cref="TenantCreate"/>,
    /// so also <see cref="TenantAll"/>), which only the platform grants.
    /// </summary>
    public static bool IsGrantable(string permission) =>
        All.Contains(permission) && permission is not (TenantCreate or TenantAll);

    /// <summary>What a role that every newcomer gets may never hold.</summary>
    public static IReadOnlyList<string> NeverByDefault { get; } = [TenantManage, UserManage, UserDelete, ScimProvision];

    /// <summary>True when a role with <paramref name="permissions"/> may be a tenant's default role.</summary>
    public static bool MayBeDefault(IEnumerable<string> permissions) =>
        !permissions.Any(p => NeverByDefault.Any(forbidden => Covers(p, forbidden)));

    /// <summary>True when <paramref name="granted"/> covers <paramref name="required"/>: itself, its <c>area:*</c>, or <c>platform:*</c>.</summary>
    public static bool Covers(string granted, string required)
    {
        if (granted == Platform || string.Equals(granted, required, StringComparison.Ordinal))
        {
            return true;
        }

        return granted.EndsWith(":*", StringComparison.Ordinal)
            && required.StartsWith(granted.AsSpan(0, granted.Length - 1), StringComparison.Ordinal);
    }
}
