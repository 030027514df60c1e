namespace Lyss.UserGrains.Grains.Notifications.Templates;

/// <summary>
/// What one template may say: the placeholders it may use, those it must use (a verification
/// email without its code would be useless), and whether it has a subject (SMS texts have none).
/// </summary>
public sealed record TemplateDefinition(string Name, bool HasSubject, IReadOnlySet<string> Allowed, IReadOnlySet<string> Required)
{
    /// <summary>Every template the service sends; each exists in every <see cref="TemplateCatalog.RequiredLanguages"/>.</summary>
    public static IReadOnlyDictionary<string, TemplateDefinition> All { get; } = new[]
    {
        Define("welcome", true, ["name", "tenant"]),
        Define("verification", true, ["name", "code", "link", "expires"], ["code", "link"]),
        Define("verification_sms", false, ["code", "minutes"], ["code"]),
        Define("invitation", true, ["tenant", "role", "code", "link", "expires"], ["code", "link"]),
        Define("invitation_received", true, ["tenant", "role", "code", "expires"], ["code"]),
        Define("deactivation", true, ["reason", "until"]),
        Define("security_alert", true, ["fields", "when"], ["fields"]),
        Define("risk_alert", true, ["rule", "severity", "user", "user_id"], ["rule", "user_id"]),
        Define("friend_request", true, []),
        Define("share_received", true, ["resource_type", "message"]),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    private static TemplateDefinition Define(string name, bool hasSubject, string[] allowed, string[]? required = null) =>
        new(name, hasSubject, allowed.ToHashSet(StringComparer.Ordinal), (required ?? []).ToHashSet(StringComparer.Ordinal));
}
