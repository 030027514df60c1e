namespace Lyss.UserGrains.Tenants;

/// <summary>The built-in tenant roles and the permissions each grants (names from <see cref="Permissions"/>).</summary>
public static class TenantRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Viewer = "viewer";

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> BuiltIn { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Owner] = [Permissions.UserAll, Permissions.ActivityAll, Permissions.AdminRead, Permissions.TenantManage, Permissions.InvitationCreate, Permissions.TeamManage, Permissions.ScimProvision],
        [Admin] = [Permissions.UserAll, Permissions.ActivityAll, Permissions.AdminRead, Permissions.InvitationCreate, Permissions.TeamManage],
        [Member] = [Permissions.UserRead, Permissions.ActivityWrite],
        [Viewer] = [Permissions.UserRead],
    };

    public static IReadOnlyList<string> PermissionsOf(string? role) =>
        role is not null && BuiltIn.TryGetValue(role, out var permissions) ? permissions : [];
}
