namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>The permission catalogue of ARCHITECTURE.md.</summary>
public static class Permissions
{
    public const string UserCreate = "user:create";
    public const string UserRead = "user:read";
    public const string UserUpdate = "user:update";
    public const string UserManage = "user:manage";
    public const string UserDelete = "user:delete";
    public const string ActivityWrite = "activity:write";
    public const string ActivityRead = "activity:read";
    public const string AdminRead = "admin:read";
    public const string TenantCreate = "tenant:create";
    public const string TenantManage = "tenant:manage";
    public const string InvitationCreate = "invitation:create";
    public const string TeamManage = "team:manage";
    public const string Platform = "platform:*";

    public static IReadOnlyList<string> All { get; } =
    [
        UserCreate, UserRead, UserUpdate, UserManage, UserDelete, ActivityWrite, ActivityRead,
        AdminRead, TenantCreate, TenantManage, InvitationCreate, TeamManage, Platform,
    ];

    /// <summary>True when <paramref name="granted"/> covers <paramref name="required"/>: itself, its <c>area:*</c>, or <c>platform:*</c>.</summary>
    public static bool Covers(string granted, string required) => Lyss.UserGrains.Tenants.PermissionCatalog.Covers(granted, required);
}
