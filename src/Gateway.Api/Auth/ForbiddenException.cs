namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>The caller is authenticated but lacks a permission in its own tenant (HTTP 403).</summary>
public sealed class ForbiddenException(string permission)
    : Exception($"This operation requires the permission '{permission}'.")
{
    public string Permission { get; } = permission;
}
