using System.Text.RegularExpressions;
using Lyss.UserGrains.Errors;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>Field rules: email format, E.164 phone, name of 2 or more characters, and length limits.</summary>
public static partial class UserValidation
{
    public const int MaxEmail = 254;
    public const int MaxName = 100;
    public const int MaxBio = 2000;
    public const int MaxUrl = 2048;
    public const int MaxShortText = 100;
    public const int MaxTags = 20;

    public static string? Email(string? value, FieldErrors errors, string field = "email")
    {
        var email = value?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            errors.Add(field, "Email is required.");
        }
        else if (email.Length > MaxEmail || !EmailPattern().IsMatch(email))
        {
            errors.Add(field, $"'{Truncate(email)}' is not a valid email address (at most {MaxEmail} characters).");
        }

        return email;
    }

    public static string? Name(string? value, FieldErrors errors, string field = "name")
    {
        var name = value?.Trim();
        if (name is null || name.Length < 2 || name.Length > MaxName)
        {
            errors.Add(field, $"Name must be 2 to {MaxName} characters after trimming.");
        }

        return name;
    }

    /// <summary>Null stays null (not given); "" clears.</summary>
    public static string? Phone(string? value, FieldErrors errors, string field = "phone")
    {
        if (value is null || value.Length == 0)
        {
            return value;
        }

        var phone = value.Trim();
        if (!PhonePattern().IsMatch(phone))
        {
            errors.Add(field, "Phone must be E.164: '+' followed by 7 to 15 digits.");
        }

        return phone;
    }

    public static string? AvatarUrl(string? value, FieldErrors errors, string field = "avatar_url")
    {
        if (value is null || value.Length == 0)
        {
            return value;
        }

        var url = value.Trim();
        if (url.Length > MaxUrl || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add(field, $"Avatar URL must be an absolute https URL of at most {MaxUrl} characters.");
        }

        return url;
    }

    public static string? Text(string? value, int max, string field, FieldErrors errors)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add(field, $"At most {max} characters.");
        }

        return value?.Trim();
    }

    public static string? Timezone(string? value, FieldErrors errors, string field = "timezone")
    {
        if (value is null || value.Length == 0)
        {
            return value;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
        {
            errors.Add(field, $"'{Truncate(value)}' is not an IANA time zone.");
        }

        return value;
    }

    public static string? Language(string? value, FieldErrors errors, string field = "language")
    {
        if (value is null || value.Length == 0)
        {
            return value;
        }

        if (!LanguagePattern().IsMatch(value))
        {
            errors.Add(field, "Language must be a language tag such as 'zh-CN' or 'en'.");
        }

        return value;
    }

    private static string Truncate(string value) => value.Length <= 60 ? value : value[..60] + "…";

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+[0-9]{7,15}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguagePattern();
}
