namespace Lyss.UserGrains.Gateway.Tenants;

public sealed record RoleResponse(string Name, IReadOnlyList<string> Permissions, bool BuiltIn);
