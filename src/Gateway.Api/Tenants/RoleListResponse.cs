namespace Lyss.UserGrains.Gateway.Tenants;

public sealed record RoleListResponse(IReadOnlyList<RoleResponse> Roles);
