using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>Profile, preferences and presence.</summary>
public sealed partial class UserGrain
{
    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(S.Exists ? ToProfile() : null);

    public async Task<UserProfile> UpdateProfileAsync(UpdateProfileCommand command, ActorContext actor)
    {
        RequireExists();
        RequireNotGone("update the profile of");
        var errors = new FieldErrors();
        var displayName = UserValidation.Text(command.DisplayName, UserValidation.MaxName, "display_name", errors);
        var location = UserValidation.Text(command.Location, UserValidation.MaxShortText, "location", errors);
        var timezone = UserValidation.Timezone(command.Timezone, errors);
        var language = UserValidation.Language(command.Language, errors);
        var bio = UserValidation.Text(command.Bio, UserValidation.MaxBio, "bio", errors);
        var tags = command.Tags?.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList();
        if (tags is not null && (tags.Count > UserValidation.MaxTags || tags.Any(t => t.Length > 50)))
        {
            errors.Add("tags", $"At most {UserValidation.MaxTags} tags of at most 50 characters.");
        }

        errors.ThrowIfAny();
        var p = S.Profile;
        var fields = new List<string>();
        void Set(string field, string? value, Action<string?> assign)
        {
            if (value is not null)
            {
                assign(value.Length == 0 ? null : value);
                fields.Add(field);
            }
        }

        Set("display_name", displayName, v => p.DisplayName = v);
        Set("location", location, v => p.Location = v);
        Set("timezone", timezone, v => p.Timezone = v);
        Set("language", language, v => p.Language = v);
        Set("bio", bio, v => S.Bio = v);
        if (tags is not null)
        {
            p.Tags = tags;
            fields.Add("tags");
        }

        p.UpdatedAt = Now;
        S.UpdatedAt = Now;
        await CommitAsync([Event("profile_updated", actor, new() { ["fields"] = fields.ToArray() })]);
        return ToProfile();
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>?> GetPreferencesAsync() =>
        Task.FromResult(S.Exists ? PreferenceCatalog.WithDefaults(S.Preferences) : null);

    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> SetPreferencesAsync(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> values, bool replaceCategories, ActorContext actor)
    {
        RequireExists();
        RequireNotGone("change the preferences of");
        var valid = PreferenceCatalog.Validate(values);
        foreach (var (category, keys) in valid)
        {
            if (replaceCategories || !S.Preferences.TryGetValue(category, out var existing))
            {
                S.Preferences[category] = keys;
                continue;
            }

            foreach (var (key, value) in keys)
            {
                existing[key] = value;
            }
        }

        S.UpdatedAt = Now;
        await CommitAsync([Event("preferences_updated", actor, new()
        {
            ["categories"] = valid.Keys.ToArray(),
            ["keys"] = valid.SelectMany(c => c.Value.Keys.Select(k => $"{c.Key}.{k}")).ToArray(),
            ["mode"] = replaceCategories ? "replace" : "merge",
        })], syncPreferences: true);
        return PreferenceCatalog.WithDefaults(S.Preferences);
    }

    public Task<PresenceView?> GetPresenceAsync()
    {
        if (!S.Exists)
        {
            return Task.FromResult<PresenceView?>(null);
        }

        var online = S.Status == UserStatus.Active && S.LastActivityAt is { } at && Now - at <= options.Value.OnlineWindow;
        return Task.FromResult<PresenceView?>(new PresenceView(online, S.LastActivityAt, S.LastActivityType, S.LastLoginAt));
    }

    private UserProfile ToProfile() => new()
    {
        DisplayName = S.Profile.DisplayName,
        Location = S.Profile.Location,
        Timezone = S.Profile.Timezone,
        Language = S.Profile.Language,
        Tags = S.Profile.Tags,
        EngagementScore = S.Profile.EngagementScore,
        Bio = S.Bio,
        UpdatedAt = S.Profile.UpdatedAt,
    };
}
