namespace Lyss.UserGrains.Tenants;

/// <summary>The permission catalogue of ARCHITECTURE.md, for validating roles and grants.</summary>
public static class PermissionCatalog
{
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "user:create", "user:read", "user:update", "user:manage", "user:delete", "user:*",
        "activity:write", "activity:read", "activity:*", "admin:read", "admin:*",
        "tenant:create", "tenant:manage", "tenant:*", "invitation:create", "invitation:*", "team:manage", "team:*",
    };

    /// <summary>
    /// Permissions a tenant may hand out: the catalogue without the operator's <c>platform:*</c> and
    /// without creating tenants (<c>tenant:create</c>, so also <c>tenant:*</c>), which only the platform grants.
    /// </summary>
    public static bool IsGrantable(string permission) =>
        All.Contains(permission) && permission is not ("tenant:create" or "tenant:*");

    /// <summary>What a role that every newcomer gets may never hold.</summary>
    public static IReadOnlyList<string> NeverByDefault { get; } = ["tenant:manage", "user:manage", "user:delete"];

    /// <summary>True when a role with <paramref name="permissions"/> may be a tenant's default role.</summary>
    public static bool MayBeDefault(IEnumerable<string> permissions) =>
        !permissions.Any(p => NeverByDefault.Any(forbidden => Covers(p, forbidden)));

    /// <summary>True when <paramref name="granted"/> covers <paramref name="required"/>: itself, its <c>area:*</c>, or <c>platform:*</c>.</summary>
    public static bool Covers(string granted, string required)
    {
        if (granted == "platform:*" || string.Equals(granted, required, StringComparison.Ordinal))
        {
            return true;
        }

        return granted.EndsWith(":*", StringComparison.Ordinal)
            && required.StartsWith(granted.AsSpan(0, granted.Length - 1), StringComparison.Ordinal);
    }
}
