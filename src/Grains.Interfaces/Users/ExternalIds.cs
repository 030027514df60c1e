using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Users;

/// <summary>A membership's external id: the tenant's own name for its member (set over REST or SCIM, matched by tracking's userId).</summary>
public static class ExternalIds
{
    public const int MaxLength = 255;

    public const string StateName = "external-id";

    /// <summary>Exact, case-sensitive: identity providers' ids are opaque strings.</summary>
    public static string IndexKey(Guid tenantId, string externalId) => $"ext:{tenantId:N}:{externalId}";

    /// <summary>Why <paramref name="externalId"/> cannot be one, or null.</summary>
    public static string? Problem(string externalId) =>
        externalId.Length is 0 or > MaxLength ? $"1 to {MaxLength} characters."
        : PlainText.Problem(externalId) ?? (externalId.Trim().Length != externalId.Length ? "No leading or trailing spaces." : null);
}
