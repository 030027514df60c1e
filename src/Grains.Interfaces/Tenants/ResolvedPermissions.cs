namespace Lyss.UserGrains.Tenants;

/// <summary>What a member inherits in a tenant: the tenant's defaults and its role's permissions.</summary>
[GenerateSerializer, Immutable, Alias("lyss.tenants.ResolvedPermissions")]
public sealed record ResolvedPermissions(
    [property: Id(0)] IReadOnlyList<string> TenantDefaults,
    [property: Id(1)] IReadOnlyList<string> RolePermissions,
    [property: Id(2)] bool RoleExists);
