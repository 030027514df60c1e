using System.Text.Json;
using Lyss.UserGrains.Scim;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>
/// What a SCIM PATCH (or PUT) asks of a user, read from the variants Entra ID and Okta send: ops in
/// any case, a path (with a value filter such as <c>emails[type eq "work"].value</c>) or none with a
/// value object (dotted and URN keys), <c>"active": "False"</c> as text. Attributes this service does
/// not keep (phone numbers, titles, the enterprise extension) are accepted and not stored.
/// </summary>
public sealed class ScimUserChange
{
    public string? Email { get; private set; }

    /// <summary>The userName sent (an email-shaped one also changes the email).</summary>
    public string? UserName { get; private set; }
    public string? Name { get; private set; }
    public string? GivenName { get; private set; }
    public string? FamilyName { get; private set; }

    /// <summary>"" removes the external id.</summary>
    public string? ExternalId { get; private set; }

    public bool? Active { get; private set; }

    public static ScimUserChange FromPatch(JsonElement body)
    {
        if (ScimUserFields.Member(body, "Operations") is not { ValueKind: JsonValueKind.Array } operations || operations.GetArrayLength() == 0)
        {
            throw new ScimException(400, "invalidSyntax", "Operations: an array of add, replace or remove operations is required.");
        }

        var change = new ScimUserChange();
        foreach (var operation in operations.EnumerateArray())
        {
            var op = ScimUserFields.Member(operation, "op") is { ValueKind: JsonValueKind.String } o ? o.GetString()!.ToLowerInvariant() : null;
            if (op is not ("add" or "replace" or "remove"))
            {
                throw new ScimException(400, "invalidSyntax", "op: add, replace or remove.");
            }

            var value = ScimUserFields.Member(operation, "value");
            var path = ScimUserFields.Member(operation, "path") is { ValueKind: JsonValueKind.String } p ? p.GetString() : null;
            if (path is null)
            {
                if (op == "remove" || value.ValueKind != JsonValueKind.Object)
                {
                    throw new ScimException(400, op == "remove" ? "noTarget" : "invalidValue", "Without a path, add and replace take an object of attributes.");
                }

                foreach (var member in value.EnumerateObject())
                {
                    change.Set(Parse(member.Name), null, null, member.Value, remove: false);
                }

                continue;
            }

            var (attribute, valueFilter, sub) = ParsePath(path);
            change.Set(attribute, valueFilter, sub, value, op == "remove");
        }

        return change;
    }

    /// <summary>A PUT: the resource as a whole (what it leaves out of name, email, externalId and active stays).</summary>
    public static ScimUserChange FromResource(JsonElement body)
    {
        var fields = ScimUserFields.Read(body);
        // What a PUT leaves out stays: no name falls back to the userName, and no active reactivates anyone.
        return new ScimUserChange { UserName = fields.UserName, Email = fields.Email, Name = fields.ExplicitName, ExternalId = fields.ExternalId, Active = fields.Active };
    }

    private void Set(ScimAttributePath path, ScimFilter? valueFilter, string? sub, JsonElement value, bool remove)
    {
        if (path.Schema is { } schema && schema != ScimUsers.CoreSchema.ToLowerInvariant())
        {
            return; // the enterprise extension and others: accepted, not kept
        }

        var key = path.SubAttribute is null ? path.Attribute : $"{path.Attribute}.{path.SubAttribute}";
        switch (key)
        {
            case "username":
                UserName = remove ? throw new ScimException(400, "mutability", "userName cannot be removed.") : Text(value, "userName");
                Email = UserName.Contains('@', StringComparison.Ordinal) ? UserName : Email;
                break;
            case "emails" or "emails.value":
                // Only the work address is the user's email: a home or other address is not kept.
                if (!remove && !NamesOtherType(valueFilter))
                {
                    Email = sub is null or "value" && value.ValueKind == JsonValueKind.String ? value.GetString()
                        : value.ValueKind == JsonValueKind.Array ? PrimaryEmail(value)
                        : value.ValueKind == JsonValueKind.Object ? Text(ScimUserFields.Member(value, "value"), "emails.value")
                        : Email;
                }

                break;
            case "displayname" or "name.formatted":
                Name = remove ? throw new ScimException(400, "mutability", "The name cannot be removed.") : Text(value, key);
                break;
            case "name":
                if (!remove && value.ValueKind == JsonValueKind.Object)
                {
                    Name = ScimUserFields.Member(value, "formatted") is { ValueKind: JsonValueKind.String } f ? f.GetString() : Name;
                    GivenName = ScimUserFields.Member(value, "givenName") is { ValueKind: JsonValueKind.String } g ? g.GetString() : GivenName;
                    FamilyName = ScimUserFields.Member(value, "familyName") is { ValueKind: JsonValueKind.String } fn ? fn.GetString() : FamilyName;
                }

                break;
            case "name.givenname":
                GivenName = remove ? "" : Text(value, key);
                break;
            case "name.familyname":
                FamilyName = remove ? "" : Text(value, key);
                break;
            case "externalid":
                ExternalId = remove ? "" : Text(value, "externalId");
                break;
            case "active":
                Active = remove ? throw new ScimException(400, "mutability", "active cannot be removed.")
                    : ScimUserFields.Boolean(value) ?? throw new ScimException(400, "invalidValue", "active: true or false.");
                break;
            default:
                break; // phoneNumbers, title, addresses…: not kept here
        }
    }

    /// <summary>The name to store given the current one: formatted or display name if sent, else given and family names over the current parts.</summary>
    public string? NameFor(string current)
    {
        if (Name is not null)
        {
            return Name;
        }

        if (GivenName is null && FamilyName is null)
        {
            return null;
        }

        var space = current.IndexOf(' ', StringComparison.Ordinal);
        var given = GivenName ?? (space < 0 ? current : current[..space]);
        var family = FamilyName ?? (space < 0 ? "" : current[(space + 1)..]);
        return $"{given} {family}".Trim();
    }

    private static bool NamesOtherType(ScimFilter? filter) => filter switch
    {
        ScimFilter.Compare { Path.Attribute: "type", Operator: "eq" } type =>
            type.Value.ValueKind == JsonValueKind.String && !string.Equals(type.Value.GetString(), "work", StringComparison.OrdinalIgnoreCase),
        ScimFilter.And and => NamesOtherType(and.Left) || NamesOtherType(and.Right),
        _ => false,
    };

    private static (ScimAttributePath, ScimFilter?, string?) ParsePath(string path)
    {
        try
        {
            return ScimFilterParser.ParsePatchPath(path);
        }
        catch (ScimFilterException e)
        {
            throw new ScimException(400, "invalidPath", e.Message);
        }
    }

    private static ScimAttributePath Parse(string key) =>
        ScimAttributePath.Parse(key) ?? throw new ScimException(400, "invalidPath", $"{key} is not an attribute path.");

    private static string Text(JsonElement value, string attribute) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ScimException(400, "invalidValue", $"{attribute}: a string.");

    private static string? PrimaryEmail(JsonElement emails)
    {
        string? found = null;
        foreach (var entry in emails.EnumerateArray())
        {
            if (ScimUserFields.Member(entry, "value") is { ValueKind: JsonValueKind.String } v && (found is null || ScimUserFields.Member(entry, "primary") is { ValueKind: JsonValueKind.True }))
            {
                found = v.GetString();
            }
        }

        return found;
    }
}
