using System.Text.Json.Serialization;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>SCIM's error body: <c>status</c> is a string, as RFC 7644 §3.12 has it.</summary>
public sealed record ScimError(
    [property: JsonPropertyName("schemas")] IReadOnlyList<string> Schemas,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("scimType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ScimType,
    [property: JsonPropertyName("detail")] string Detail)
{
    public const string Schema = "urn:ietf:params:scim:api:messages:2.0:Error";

    public static ScimError Of(int status, string? scimType, string detail) =>
        new([Schema], status.ToString(System.Globalization.CultureInfo.InvariantCulture), scimType, detail);
}
