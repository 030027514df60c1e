using System.Text.Json;
using System.Text.RegularExpressions;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Grains.Tenants;

/// <summary>
/// A JSON merge patch over a tenant's settings, decided without I/O: every field checked (all problems
/// reported at once, by field), <c>null</c> restoring a setting's default, unknown fields refused.
/// Returns the new settings and what changed, for the trail.
/// </summary>
public static partial class TenantSettingsPatch
{
    public static (TenantSettings Settings, Dictionary<string, object?> Changed) Apply(
        TenantSettings current, IReadOnlyDictionary<string, string> fields, int members, Func<string, IReadOnlyList<string>?> rolePermissions)
    {
        var errors = new FieldErrors();
        var next = current;
        foreach (var (field, raw) in fields)
        {
            // From the gateway each value is valid JSON; an Orleans client may send anything.
            using var json = TryParse(raw);
            if (json is null)
            {
                errors.Add(field, "Not a JSON value.");
                continue;
            }

            var value = json.RootElement;
            var isNull = value.ValueKind == JsonValueKind.Null;
            switch (field)
            {
                case "name":
                    if (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { Length: >= 2 and <= 200 } name && PlainText.IsValid(name))
                    {
                        next = next with { Name = name };
                    }
                    else
                    {
                        errors.Add(field, "2 to 200 characters; a tenant always has a name.");
                    }

                    break;
                case "auto_activate_users":
                    next = Bool(value, field, errors) is { } auto ? next with { AutoActivateUsers = auto } : isNull ? next with { AutoActivateUsers = false } : next;
                    break;
                case "deactivate_dormant_users":
                    next = Bool(value, field, errors) is { } deactivate ? next with { DeactivateDormantUsers = deactivate } : isNull ? next with { DeactivateDormantUsers = false } : next;
                    break;
                case "default_role":
                    var role = isNull ? TenantRoles.Member : value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
                    if (role is null || rolePermissions(role) is not { } permissions)
                    {
                        errors.Add(field, "The name of a built-in or custom role of the tenant.");
                    }
                    else if (!Permissions.MayBeDefault(permissions))
                    {
                        errors.Add(field, "A default role may not hold tenant:manage, user:manage or user:delete.");
                    }
                    else
                    {
                        next = next with { DefaultRole = role };
                    }

                    break;
                case "seat_limit":
                    if (isNull)
                    {
                        next = next with { SeatLimit = null };
                    }
                    else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var seats) && seats >= 1)
                    {
                        next = next with { SeatLimit = seats };
                    }
                    else
                    {
                        errors.Add(field, "A whole number of at least 1, or null for none.");
                    }

                    break;
                case "allowed_email_domains":
                    if (isNull)
                    {
                        next = next with { AllowedEmailDomains = [] };
                    }
                    else if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(d => d.ValueKind == JsonValueKind.String)
                        && Domains(value.EnumerateArray().Select(d => d.GetString()!)) is { } domains)
                    {
                        next = next with { AllowedEmailDomains = domains };
                    }
                    else
                    {
                        errors.Add(field, "At most 100 domain names such as 'example.com'.");
                    }

                    break;
                case "dormancy_days":
                    if (isNull)
                    {
                        next = next with { DormancyDays = TenantDefaults.DormancyDays };
                    }
                    else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var days) && days is >= 1 and <= 3650)
                    {
                        next = next with { DormancyDays = days };
                    }
                    else
                    {
                        errors.Add(field, "1 to 3650 days.");
                    }

                    break;
                case "timezone":
                    var zone = isNull ? TenantDefaults.TimeZone : value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
                    if (TimeZones.TryFind(zone, out _))
                    {
                        next = next with { Timezone = zone };
                    }
                    else
                    {
                        errors.Add(field, "An IANA time zone such as 'Asia/Shanghai', or null for UTC.");
                    }

                    break;
                case "language":
                    var language = isNull ? TenantDefaults.Language : value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
                    if (LanguageTag().IsMatch(language))
                    {
                        next = next with { Language = language };
                    }
                    else
                    {
                        errors.Add(field, "A language tag such as 'zh-CN' or 'en', or null for zh-CN.");
                    }

                    break;
                default:
                    errors.Add(field, "Not a tenant setting.");
                    break;
            }
        }

        errors.ThrowIfAny();
        if (next.SeatLimit is { } limit && limit < members)
        {
            throw new ConflictException($"The tenant has {members} seats taken (members and registrations in flight); a seat limit of {limit} would leave some without a seat.") { Code = "seat_limit_below_members" };
        }

        return (next, Changes(current, next));
    }

    /// <summary>Domain names as stored: trimmed, without a leading @, lowercase, once each; null when any is not a domain.</summary>
    public static IReadOnlyList<string>? Domains(IEnumerable<string> given)
    {
        var domains = given.Select(d => d.Trim().TrimStart('@').ToLowerInvariant()).Distinct().ToList();
        return domains.Count > 100 || domains.Any(d => d.Length is 0 or > 253 || !d.Contains('.', StringComparison.Ordinal) || !PlainText.IsValid(d)) ? null : domains;
    }

    private static JsonDocument? TryParse(string raw)
    {
        try
        {
            return JsonDocument.Parse(raw);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool? Bool(JsonElement value, string field, FieldErrors errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        if (value.ValueKind != JsonValueKind.Null)
        {
            errors.Add(field, "true, false, or null for false.");
        }

        return null;
    }

    private static Dictionary<string, object?> Changes(TenantSettings before, TenantSettings after)
    {
        var changed = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Compare<T>(string field, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                changed[field] = b;
            }
        }

        Compare("name", before.Name, after.Name);
        Compare("auto_activate_users", before.AutoActivateUsers, after.AutoActivateUsers);
        Compare("default_role", before.DefaultRole, after.DefaultRole);
        Compare("seat_limit", before.SeatLimit, after.SeatLimit);
        if (!before.AllowedEmailDomains.SequenceEqual(after.AllowedEmailDomains))
        {
            changed["allowed_email_domains"] = after.AllowedEmailDomains;
        }

        Compare("dormancy_days", before.DormancyDays, after.DormancyDays);
        Compare("deactivate_dormant_users", before.DeactivateDormantUsers, after.DeactivateDormantUsers);
        Compare("timezone", before.Timezone, after.Timezone);
        Compare("language", before.Language, after.Language);
        return changed;
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    private static partial Regex LanguageTag();
}
