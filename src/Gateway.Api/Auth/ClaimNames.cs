namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>The claims the platform's auth service puts in its tokens (docs/api.md, "Identity").</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string TenantId = "tenant_id";
    public const string Permissions = "permissions";
}
