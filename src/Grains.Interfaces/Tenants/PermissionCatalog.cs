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

    /// <summary>Permissions a tenant may hand out: the catalogue without the operator's <c>platform:*</c>.</summary>
    public static bool IsGrantable(string permission) => All.Contains(permission);
}
