using Lyss.UserGrains.Errors;
using System.Text.Json;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// The preference categories of <c>user_preferences</c> (ui, notification, model,
/// privacy), their keys, value rules and defaults (language zh-CN, theme light, timezone
/// Asia/Shanghai, notifications on). Values are JSON; unknown keys are refused.
/// </summary>
public static class PreferenceCatalog
{
    /// <summary>The time zone of a user who set none (the platform's users are mostly in China).</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    private static readonly string[] Themes = ["light", "dark", "system"];
    private static readonly string[] Visibilities = ["public", "tenant", "private"];

    private static readonly Dictionary<string, Dictionary<string, (string Default, Func<JsonElement, string?> Check)>> Rules = new()
    {
        ["ui"] = new()
        {
            ["theme"] = ("\"light\"", v => OneOf(v, Themes)),
            ["language"] = ("\"zh-CN\"", v => v.ValueKind == JsonValueKind.String && v.GetString() is { Length: >= 2 and <= 16 } ? null : "a language tag such as \"zh-CN\""),
            ["timezone"] = ($"\"{DefaultTimeZone}\"", v => v.ValueKind == JsonValueKind.String && TimeZoneInfo.TryFindSystemTimeZoneById(v.GetString()!, out _) ? null : "an IANA time zone"),
            ["compact_mode"] = ("false", Bool),
        },
        ["notification"] = new()
        {
            ["notification_enabled"] = ("true", Bool),
            ["email_enabled"] = ("true", Bool),
            ["push_enabled"] = ("true", Bool),
            ["sms_enabled"] = ("false", Bool),
            ["in_app_enabled"] = ("true", Bool),
        },
        ["model"] = new()
        {
            ["default_model"] = ("null", v => v.ValueKind is JsonValueKind.Null || (v.ValueKind == JsonValueKind.String && v.GetString()!.Length <= 100) ? null : "a model name of at most 100 characters, or null"),
            ["temperature"] = ("0.7", v => v.ValueKind == JsonValueKind.Number && v.GetDouble() is >= 0 and <= 2 ? null : "a number from 0 to 2"),
            ["max_tokens"] = ("null", v => v.ValueKind is JsonValueKind.Null || (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n is > 0 and <= 1_000_000) ? null : "a positive integer, or null"),
        },
        ["privacy"] = new()
        {
            ["profile_visibility"] = ("\"tenant\"", v => OneOf(v, Visibilities)),
            ["show_presence"] = ("true", Bool),
            ["activity_tracking"] = ("true", Bool),
        },
    };

    public static IEnumerable<string> Categories => Rules.Keys;

    /// <summary>Stored values over the defaults: every category and key, always.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> WithDefaults(Dictionary<string, Dictionary<string, string>> stored) =>
        Rules.ToDictionary(
            c => c.Key,
            c => (IReadOnlyDictionary<string, string>)c.Value.ToDictionary(
                k => k.Key,
                k => stored.TryGetValue(c.Key, out var values) && values.TryGetValue(k.Key, out var value) ? value : k.Value.Default));

    /// <summary>Checks every category, key and value; returns them normalized (compact JSON).</summary>
    public static Dictionary<string, Dictionary<string, string>> Validate(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> values)
    {
        var errors = new FieldErrors();
        var result = new Dictionary<string, Dictionary<string, string>>();
        foreach (var (category, keys) in values)
        {
            if (!Rules.TryGetValue(category, out var rules))
            {
                errors.Add(category, $"Unknown category; expected one of {string.Join(", ", Rules.Keys)}.");
                continue;
            }

            var normalized = result[category] = [];
            foreach (var (key, json) in keys)
            {
                var field = $"{category}.{key}";
                if (!rules.TryGetValue(key, out var rule))
                {
                    errors.Add(field, $"Unknown preference; expected one of {string.Join(", ", rules.Keys)}.");
                    continue;
                }

                try
                {
                    using var document = JsonDocument.Parse(json);
                    if (rule.Check(document.RootElement) is { } problem)
                    {
                        errors.Add(field, $"Must be {problem}.");
                        continue;
                    }

                    normalized[key] = JsonSerializer.Serialize(document.RootElement);
                }
                catch (JsonException)
                {
                    errors.Add(field, "Not valid JSON.");
                }
            }
        }

        errors.ThrowIfAny();
        return result;
    }

    private static string? Bool(JsonElement value) => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "true or false";

    private static string? OneOf(JsonElement value, string[] allowed) =>
        value.ValueKind == JsonValueKind.String && allowed.Contains(value.GetString()) ? null : "one of " + string.Join(", ", allowed.Select(a => $"\"{a}\""));
}
