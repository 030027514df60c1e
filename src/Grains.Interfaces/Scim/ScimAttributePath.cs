namespace Lyss.UserGrains.Scim;

/// <summary>
/// An attribute path of a SCIM filter or PATCH (RFC 7644 §3.4.2.2, §3.5.2): an optional schema URN,
/// the attribute and an optional sub-attribute; names compare case-insensitively, so they are kept lower-case.
/// </summary>
public sealed record ScimAttributePath(string? Schema, string Attribute, string? SubAttribute)
{
    public override string ToString() =>
        (Schema is null ? "" : Schema + ":") + Attribute + (SubAttribute is null ? "" : "." + SubAttribute);

    /// <summary>"urn:…:User:name.givenName", "emails.value", "userName" → the path; null when it is none.</summary>
    public static ScimAttributePath? Parse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        string? schema = null;
        var rest = text;
        if (text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            var colon = text.LastIndexOf(':');
            schema = text[..colon].ToLowerInvariant();
            rest = text[(colon + 1)..];
        }

        var dot = rest.IndexOf('.');
        var attribute = dot < 0 ? rest : rest[..dot];
        var sub = dot < 0 ? null : rest[(dot + 1)..];
        return IsName(attribute) && (sub is null || IsName(sub))
            ? new ScimAttributePath(schema, attribute.ToLowerInvariant(), sub?.ToLowerInvariant())
            : null;
    }

    // ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; "$ref" is the one exception.
    private static bool IsName(string name) =>
        name == "$ref" || (name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
}
