using System.Text.Json.Nodes;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>
/// <c>attributes</c> and <c>excludedAttributes</c> (RFC 7644 §3.4.2.5): comma-separated top-level or
/// dotted names, case-insensitive, URN-qualified or not; <c>id</c> and <c>schemas</c> are always returned.
/// </summary>
public static class ScimProjection
{
    private static readonly HashSet<string> Always = new(StringComparer.OrdinalIgnoreCase) { "id", "schemas" };

    public static JsonObject Apply(JsonObject resource, string? attributes, string? excludedAttributes)
    {
        var only = Names(attributes);
        var without = Names(excludedAttributes);
        foreach (var name in resource.Select(p => p.Key).ToList())
        {
            if (Always.Contains(name))
            {
                continue;
            }

            if ((only.Count > 0 && !only.Any(a => a.Top.Equals(name, StringComparison.OrdinalIgnoreCase)))
                || without.Any(e => e.Sub is null && e.Top.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                resource.Remove(name);
                continue;
            }

            // name.givenName-style requests keep or drop only those sub-attributes.
            if (resource[name] is JsonObject complex)
            {
                var subsOnly = only.Where(a => a.Top.Equals(name, StringComparison.OrdinalIgnoreCase) && a.Sub is not null).Select(a => a.Sub!).ToList();
                foreach (var sub in complex.Select(p => p.Key).ToList())
                {
                    if ((subsOnly.Count > 0 && !subsOnly.Contains(sub, StringComparer.OrdinalIgnoreCase))
                        || without.Any(e => e.Top.Equals(name, StringComparison.OrdinalIgnoreCase) && string.Equals(e.Sub, sub, StringComparison.OrdinalIgnoreCase)))
                    {
                        complex.Remove(sub);
                    }
                }
            }
        }

        return resource;
    }

    private static List<(string Top, string? Sub)> Names(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Name)];

    private static (string Top, string? Sub) Name(string text)
    {
        // urn:…:User:name.givenName → name.givenName
        var local = text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) ? text[(text.LastIndexOf(':') + 1)..] : text;
        var dot = local.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (local, null) : (local[..dot], local[(dot + 1)..]);
    }
}
