using System.Security.Claims;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>Who is calling: the token's subject, tenant and effective permissions.</summary>
public sealed record Caller(string Subject, Guid TenantId, IReadOnlySet<string> Permissions)
{
    /// <summary>True when the subject is a user of this service (not a service principal).</summary>
    public bool IsUser { get; init; }

    /// <summary>The caller's role in its token's tenant, when it is a user who is a member there.</summary>
    public string? Role { get; init; }

    public bool IsPlatformOperator => Permissions.Contains(Lyss.UserGrains.Tenants.Permissions.Platform);

    /// <summary>The subject as a user id, when it is one (service principals may use other names).</summary>
    public Guid? UserId => Guid.TryParse(Subject, out var id) ? id : null;

    public bool Has(string permission) => Permissions.Any(granted => Lyss.UserGrains.Tenants.Permissions.Covers(granted, permission));

    public bool IsSelf(Guid userId) => UserId == userId;

    /// <summary>Reads the caller from a validated principal; null when the token lacks sub or tenant_id.</summary>
    public static Caller? FromPrincipal(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirstValue(ClaimNames.Subject);
        if (string.IsNullOrWhiteSpace(subject) || !Guid.TryParse(principal.FindFirstValue(ClaimNames.TenantId), out var tenant))
        {
            return null;
        }

        // A JSON array arrives as one claim per element; a comma-separated string as one claim.
        var permissions = principal.FindAll(ClaimNames.Permissions)
            .SelectMany(c => c.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
        return new Caller(subject, tenant, permissions);
    }
}
