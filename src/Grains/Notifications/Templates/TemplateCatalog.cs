using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Lyss.UserGrains.Grains.Notifications.Templates;

/// <summary>
/// The texts the service sends, one file per template and language (<c>{language}/{template}.txt</c>:
/// the subject on the first line, a blank line, then the body; SMS texts are a body only). The files
/// built in are embedded; a directory may replace or add files. <c>{{name}}</c> is a placeholder and
/// <c>{{#name}}…{{/name}}</c> a part shown only when that value is given. Values are inserted as
/// they are, never read as template text. Loading checks every file against its
/// <see cref="TemplateDefinition"/>, so a broken template stops the silo at start, not a send.
/// </summary>
public sealed partial class TemplateCatalog
{
    public const string DefaultLanguage = "zh-CN";

    /// <summary>Languages every template must have.</summary>
    public static readonly IReadOnlyList<string> RequiredLanguages = [DefaultLanguage, "en"];

    private const string ResourcePrefix = "templates/";

    private readonly Dictionary<(string Language, string Name), (string Subject, string Body)> _texts;

    private TemplateCatalog(Dictionary<(string Language, string Name), (string Subject, string Body)> texts)
    {
        _texts = texts;
        Languages = [.. texts.Keys.Select(k => k.Language).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Languages { get; }

    /// <summary>The built-in templates with those of <paramref name="directory"/> over them; errors name the file and what is wrong.</summary>
    public static TemplateCatalog Load(string? directory, out IReadOnlyList<string> errors)
    {
        var files = new Dictionary<(string, string), string>();
        var assembly = typeof(TemplateCatalog).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!, Encoding.UTF8);
            if (Key(resource[ResourcePrefix.Length..].Replace('\\', '/')) is { } key)
            {
                files[key] = reader.ReadToEnd();
            }
        }

        var problems = new List<string>();
        if (!string.IsNullOrEmpty(directory))
        {
            if (!Directory.Exists(directory))
            {
                problems.Add($"The template directory '{directory}' does not exist.");
            }
            else
            {
                foreach (var path in Directory.EnumerateFiles(directory, "*.txt", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
                    if (Key(relative) is { } key)
                    {
                        files[key] = File.ReadAllText(path, Encoding.UTF8);
                    }
                    else
                    {
                        problems.Add($"{relative}: expected {{language}}/{{template}}.txt.");
                    }
                }
            }
        }

        var texts = new Dictionary<(string Language, string Name), (string Subject, string Body)>();
        foreach (var ((language, name), text) in files.OrderBy(f => f.Key))
        {
            var where = $"{language}/{name}.txt";
            if (!TemplateDefinition.All.TryGetValue(name, out var definition))
            {
                problems.Add($"{where}: no template is named '{name}' (known: {string.Join(", ", TemplateDefinition.All.Keys)}).");
                continue;
            }

            if (!IsLanguageTag(language))
            {
                problems.Add($"{where}: '{language}' is not a language tag.");
                continue;
            }

            var (subject, body) = Split(text.ReplaceLineEndings("\n"), definition.HasSubject);
            var before = problems.Count;
            if (definition.HasSubject && string.IsNullOrWhiteSpace(subject))
            {
                problems.Add($"{where}: the first line (the subject) is empty.");
            }

            if (string.IsNullOrWhiteSpace(body))
            {
                problems.Add($"{where}: the body is empty.");
            }

            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var part in new[] { subject, body })
            {
                Check(part, definition, where, used, problems);
            }

            foreach (var missing in definition.Required.Where(r => !used.Contains(r)))
            {
                problems.Add($"{where}: must use {{{{{missing}}}}}.");
            }

            if (problems.Count == before)
            {
                texts[(language, name)] = (subject, body);
            }
        }

        foreach (var name in TemplateDefinition.All.Keys)
        {
            foreach (var language in RequiredLanguages.Where(l => !files.ContainsKey((l, name))))
            {
                problems.Add($"{language}/{name}.txt: missing (every template exists in {string.Join(" and ", RequiredLanguages)}).");
            }
        }

        errors = problems;
        return new TemplateCatalog(texts);
    }

    /// <summary>
    /// The first of <paramref name="preferences"/> (the recipient's language, then the tenant's) in which
    /// the catalog has template <paramref name="name"/>, exactly or by its primary language (<c>en-GB</c> → <c>en</c>); else zh-CN.
    /// </summary>
    public string ChooseLanguage(string name, IEnumerable<string?> preferences)
    {
        var languages = Languages.Where(l => _texts.ContainsKey((l, name))).ToList();
        foreach (var wanted in preferences.OfType<string>().Where(p => p.Length > 0))
        {
            if (languages.FirstOrDefault(l => string.Equals(l, wanted, StringComparison.OrdinalIgnoreCase)) is { } exact)
            {
                return exact;
            }

            var primary = wanted.Split('-')[0];
            if (languages.FirstOrDefault(l => string.Equals(l.Split('-')[0], primary, StringComparison.OrdinalIgnoreCase)) is { } near)
            {
                return near;
            }
        }

        return DefaultLanguage;
    }

    /// <summary>The template in the chosen language, its placeholders filled in from <paramref name="values"/> (missing ones left empty).</summary>
    public RenderedMessage Render(string name, IEnumerable<string?> languagePreferences, IReadOnlyDictionary<string, string?> values)
    {
        if (!TemplateDefinition.All.TryGetValue(name, out var definition))
        {
            throw new ArgumentException($"No template is named '{name}'.", nameof(name));
        }

        if (values.Keys.FirstOrDefault(k => !definition.Allowed.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"The template '{name}' has no placeholder '{unknown}'.", nameof(values));
        }

        var language = ChooseLanguage(name, languagePreferences);
        var (subject, body) = _texts[(language, name)];
        return new RenderedMessage(Fill(subject, values).Trim(), Fill(body, values).Trim(), language);
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string?> values)
    {
        string Value(string key) => values.TryGetValue(key, out var v) ? v ?? "" : "";

        // Sections first, then placeholders, each in one pass over the template: a value is never scanned again.
        var withSections = Section().Replace(text, m => Value(m.Groups["name"].Value).Length > 0 ? m.Groups["inner"].Value : "");
        return Placeholder().Replace(withSections, m => Value(m.Groups["name"].Value));
    }

    private static void Check(string text, TemplateDefinition definition, string where, HashSet<string> used, List<string> problems)
    {
        foreach (Match section in Section().Matches(text))
        {
            used.Add(section.Groups["name"].Value);
        }

        var rest = Section().Replace(text, m => m.Groups["inner"].Value);
        foreach (Match placeholder in Placeholder().Matches(rest))
        {
            used.Add(placeholder.Groups["name"].Value);
        }

        foreach (var name in used.Where(u => !definition.Allowed.Contains(u)).Order(StringComparer.Ordinal))
        {
            problems.Add($"{where}: unknown placeholder {{{{{name}}}}} (this template knows {(definition.Allowed.Count == 0 ? "none" : string.Join(", ", definition.Allowed.Order(StringComparer.Ordinal)))}).");
        }

        if (Placeholder().Replace(rest, "").Contains("{{", StringComparison.Ordinal) || Placeholder().Replace(rest, "").Contains("}}", StringComparison.Ordinal))
        {
            problems.Add($"{where}: a '{{{{' or '}}}}' that is not a placeholder (an unclosed section?).");
        }

        used.RemoveWhere(u => !definition.Allowed.Contains(u));
    }

    private static (string Subject, string Body) Split(string text, bool hasSubject)
    {
        if (!hasSubject)
        {
            return ("", text.Trim());
        }

        var newline = text.IndexOf('\n');
        return newline < 0 ? (text.Trim(), "") : (text[..newline].Trim(), text[(newline + 1)..].Trim());
    }

    private static (string, string)? Key(string relative)
    {
        var parts = relative.Split('/');
        return parts.Length == 2 && parts[1].EndsWith(".txt", StringComparison.Ordinal)
            ? (parts[0], parts[1][..^4])
            : null;
    }

    private static bool IsLanguageTag(string tag)
    {
        try
        {
            return LanguageTag().IsMatch(tag) && CultureInfo.GetCultureInfo(tag, predefinedOnly: false) is not null;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\{\{#(?<name>[a-z_]+)\}\}(?<inner>.*?)\{\{/\k<name>\}\}", RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex(@"\{\{(?<name>[a-z_]+)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}
