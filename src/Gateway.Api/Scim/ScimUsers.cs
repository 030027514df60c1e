using System.Text.Json.Nodes;
using Lyss.UserGrains.Scim;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>A member as a SCIM User resource (core schema): userName and the one work email are the email, name and displayName the name.</summary>
public static class ScimUsers
{
    public const string CoreSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    public static JsonObject FromRow(ScimUserRow row, string baseUrl) =>
        Resource(row.Id, row.UserName, row.Email, row.Name, row.ExternalId, row.Status, row.Created, row.LastModified, baseUrl);

    public static JsonObject FromView(UserView user, Guid tenantId, string baseUrl)
    {
        var membership = user.Memberships.FirstOrDefault(m => m.TenantId == tenantId);
        // A linked user deprovisioned by this tenant's identity provider is locked here, and inactive to it.
        var status = membership is { Status: MembershipStatus.Locked, LockReason: "scim: active false" } ? UserStatus.Inactive : user.Status;
        return Resource(user.Id, membership?.ScimUserName, user.Email, user.Name, membership?.ExternalId, status, user.CreatedAt, user.UpdatedAt ?? user.CreatedAt, baseUrl);
    }

    /// <summary>The weak ETag of a user's version: its last change.</summary>
    public static string Version(DateTimeOffset lastModified) => $"W/\"{lastModified.UtcTicks:x}\"";

    private static JsonObject Resource(Guid id, string? userName, string? email, string name, string? externalId, UserStatus status, DateTimeOffset created, DateTimeOffset modified, string baseUrl)
    {
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(CoreSchema),
            ["id"] = id.ToString(),
        };
        if (externalId is not null)
        {
            resource["externalId"] = externalId;
        }

        resource["userName"] = userName ?? email;
        resource["name"] = new JsonObject { ["formatted"] = name };
        resource["displayName"] = name;
        resource["emails"] = email is null ? new JsonArray() : new JsonArray(new JsonObject { ["value"] = email, ["type"] = "work", ["primary"] = true });
        resource["active"] = status == UserStatus.Active;
        resource["meta"] = new JsonObject
        {
            ["resourceType"] = "User",
            ["created"] = created.UtcDateTime.ToString("O"),
            ["lastModified"] = modified.UtcDateTime.ToString("O"),
            ["location"] = $"{baseUrl}/Users/{id}",
            ["version"] = Version(modified),
        };
        return resource;
    }
}
