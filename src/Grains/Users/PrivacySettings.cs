using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>The user's <c>privacy</c> preferences as values the grain and the gateway act on.</summary>
public readonly record struct PrivacySettings(bool ShowPresence, ProfileVisibility ProfileVisibility, bool ActivityTracking)
{
    public static PrivacySettings Default { get; } = new(true, ProfileVisibility.Tenant, true);

    /// <summary>Reads the stored preferences (JSON values by key); absent keys keep the defaults.</summary>
    public static PrivacySettings From(Dictionary<string, Dictionary<string, string>> preferences)
    {
        if (!preferences.TryGetValue("privacy", out var privacy))
        {
            return Default;
        }

        return new PrivacySettings(
            !privacy.TryGetValue("show_presence", out var presence) || presence != "false",
            privacy.TryGetValue("profile_visibility", out var visibility) ? visibility switch
            {
                "\"public\"" => ProfileVisibility.Public,
                "\"private\"" => ProfileVisibility.Private,
                _ => ProfileVisibility.Tenant,
            } : ProfileVisibility.Tenant,
            !privacy.TryGetValue("activity_tracking", out var tracking) || tracking != "false");
    }
}
