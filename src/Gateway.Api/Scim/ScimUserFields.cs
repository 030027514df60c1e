using System.Text.Json;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>What a SCIM User body says of the person, read leniently (attribute names are case-insensitive; IdPs differ in which they send).</summary>
public sealed record ScimUserFields(string? UserName, string? Email, string? Name, string? ExternalId, bool? Active, string? ExplicitName)
{
    public static ScimUserFields Read(JsonElement body)
    {
        var userName = Text(body, "userName");
        string? primary = null;
        if (Member(body, "emails") is { ValueKind: JsonValueKind.Array } emails)
        {
            foreach (var entry in emails.EnumerateArray())
            {
                var value = Text(entry, "value");
                if (value is not null && (primary is null || Member(entry, "primary") is { ValueKind: JsonValueKind.True }))
                {
                    primary = value;
                }
            }
        }

        var name = Member(body, "name");
        var given = string.Join(' ', new[] { Text(name, "givenName"), Text(name, "familyName") }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var explicitName = Text(body, "displayName") ?? Text(name, "formatted") ?? (given.Length > 0 ? given : null);
        // The work (primary) address is the email; an email-shaped userName (Entra's UPN) only when no address is sent.
        var email = primary ?? userName;
        return new ScimUserFields(userName, email, explicitName ?? userName, Text(body, "externalId"), Boolean(Member(body, "active")), explicitName);
    }

    /// <summary>A boolean, or its text ("False", as Entra ID sends in PATCH values).</summary>
    public static bool? Boolean(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
        _ => null,
    };

    public static JsonElement Member(JsonElement obj, string name)
    {
        if (obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in obj.EnumerateObject())
            {
                if (member.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return member.Value;
                }
            }
        }

        return default;
    }

    private static string? Text(JsonElement obj, string name) => Member(obj, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
