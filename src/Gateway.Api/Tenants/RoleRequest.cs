namespace Lyss.UserGrains.Gateway.Tenants;

public sealed record RoleRequest(IReadOnlyList<string>? Permissions);
