using System.Text.Json.Nodes;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>What the service provider supports (RFC 7643 §5–7), as identity providers read it before provisioning.</summary>
public static class ScimDiscovery
{
    private const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public static JsonObject ServiceProviderConfig(string baseUrl) => new()
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"),
        ["documentationUri"] = "docs/scim.md",
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = ScimEndpoints.MaxCount },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = true },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "Bearer token",
            ["description"] = "A SCIM token minted by the tenant (POST /api/v1/tenants/{id}/scim-tokens), or a JWT holding scim:provision.",
            ["primary"] = true,
        }),
        ["meta"] = new JsonObject { ["resourceType"] = "ServiceProviderConfig", ["location"] = baseUrl + "/ServiceProviderConfig" },
    };

    public static JsonObject ResourceTypes(string baseUrl) => List(
        new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:ResourceType"),
            ["id"] = "User",
            ["name"] = "User",
            ["endpoint"] = "/Users",
            ["schema"] = ScimUsers.CoreSchema,
            ["schemaExtensions"] = new JsonArray(new JsonObject { ["schema"] = ScimUsers.EnterpriseSchema, ["required"] = false }),
            ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = baseUrl + "/ResourceTypes/User" },
        },
        new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:ResourceType"),
            ["id"] = "Group",
            ["name"] = "Group",
            ["endpoint"] = "/Groups",
            ["schema"] = "urn:ietf:params:scim:schemas:core:2.0:Group",
            ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = baseUrl + "/ResourceTypes/Group" },
        });

    public static JsonObject Schemas(string baseUrl) => List(
        Schema(ScimUsers.CoreSchema, "User", baseUrl,
            Attribute("userName", "string", required: true, uniqueness: "server"),
            Attribute("externalId", "string", caseExact: true),
            Complex("name", Attribute("formatted", "string"), Attribute("givenName", "string"), Attribute("familyName", "string")),
            Attribute("displayName", "string"),
            Complex("emails", multiValued: true, Attribute("value", "string"), Attribute("type", "string"), Attribute("primary", "boolean")),
            Attribute("active", "boolean")),
        Schema(ScimUsers.EnterpriseSchema, "EnterpriseUser", baseUrl,
            Attribute("employeeNumber", "string"), Attribute("department", "string"), Attribute("organization", "string")),
        Schema("urn:ietf:params:scim:schemas:core:2.0:Group", "Group", baseUrl,
            Attribute("displayName", "string", required: true, uniqueness: "server"),
            Complex("members", multiValued: true, Attribute("value", "string"), Attribute("display", "string"))));

    public static JsonObject List(params JsonObject[] resources) => new()
    {
        ["schemas"] = new JsonArray(ListSchema),
        ["totalResults"] = resources.Length,
        ["itemsPerPage"] = resources.Length,
        ["startIndex"] = 1,
        ["Resources"] = new JsonArray([.. resources]),
    };

    private static JsonObject Schema(string id, string name, string baseUrl, params JsonObject[] attributes) => new()
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:Schema"),
        ["id"] = id,
        ["name"] = name,
        ["attributes"] = new JsonArray([.. attributes]),
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = $"{baseUrl}/Schemas/{id}" },
    };

    private static JsonObject Attribute(string name, string type, bool required = false, bool caseExact = false, string uniqueness = "none") => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["multiValued"] = false,
        ["required"] = required,
        ["caseExact"] = caseExact,
        ["mutability"] = "readWrite",
        ["returned"] = "default",
        ["uniqueness"] = uniqueness,
    };

    private static JsonObject Complex(string name, params JsonObject[] subAttributes) => Complex(name, false, subAttributes);

    private static JsonObject Complex(string name, bool multiValued, params JsonObject[] subAttributes) => new()
    {
        ["name"] = name,
        ["type"] = "complex",
        ["multiValued"] = multiValued,
        ["required"] = false,
        ["mutability"] = "readWrite",
        ["returned"] = "default",
        ["subAttributes"] = new JsonArray([.. subAttributes]),
    };
}
