namespace Lyss.UserGrains.Gateway.Tenants;

/// <summary>Where a member's permissions come from: the tenant's defaults, its role, its own grants, and their union.</summary>
public sealed record MemberPermissionsResponse(
    Guid UserId,
    Guid TenantId,
    string Role,
    IReadOnlyList<string> TenantDefaults,
    IReadOnlyList<string> RolePermissions,
    IReadOnlyList<string> Grants,
    IReadOnlyList<string> Effective);
