using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lyss.UserGrains.Scim;
using Lyss.UserGrains.Teams;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>A team as a SCIM Group: displayName the name, members the team's members (by user id).</summary>
public static class ScimGroups
{
    public const string Schema = "urn:ietf:params:scim:schemas:core:2.0:Group";

    public static JsonObject Resource(TeamView team, string baseUrl)
    {
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(Schema),
            ["id"] = team.Id.ToString(),
            ["displayName"] = team.Name,
        };
        resource["members"] = new JsonArray([.. team.Members.Select(m => (JsonNode)new JsonObject
        {
            ["value"] = m.UserId.ToString(),
            ["$ref"] = $"{baseUrl}/Users/{m.UserId}",
            ["type"] = "User",
        })]);

        resource["meta"] = new JsonObject
        {
            ["resourceType"] = "Group",
            ["created"] = team.CreatedAt.UtcDateTime.ToString("O"),
            ["lastModified"] = team.CreatedAt.UtcDateTime.ToString("O"),
            ["location"] = $"{baseUrl}/Groups/{team.Id}",
            ["version"] = Version(team),
        };
        return resource;
    }

    /// <summary>The weak ETag of a group: its name and members (teams keep no change time).</summary>
    public static string Version(TeamView team)
    {
        var content = team.Name + "\n" + string.Join(",", team.Members.Select(m => m.UserId).Order());
        return $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16]}\"";
    }

    /// <summary>
    /// Whether <paramref name="team"/> matches <paramref name="filter"/>: displayName (case-insensitive), id,
    /// members / members.value; a tenant's teams are few enough to filter in memory.
    /// </summary>
    public static bool Matches(ScimFilter filter, TeamView team) => filter switch
    {
        ScimFilter.And and => Matches(and.Left, team) && Matches(and.Right, team),
        ScimFilter.Or or => Matches(or.Left, team) || Matches(or.Right, team),
        ScimFilter.Not not => !Matches(not.Inner, team),
        ScimFilter.ValuePath { Path.Attribute: "members" } members => team.Members.Any(m => MatchesMember(members.Inner, m.UserId)),
        ScimFilter.Present present => Values(present.Path, team).Any(v => v.Length > 0),
        ScimFilter.Compare compare => Values(compare.Path, team).Any(v => Compare(compare, v)),
        _ => throw new ScimFilterException($"{filter} cannot filter groups."),
    };

    private static bool MatchesMember(ScimFilter filter, Guid userId) => filter switch
    {
        ScimFilter.And and => MatchesMember(and.Left, userId) && MatchesMember(and.Right, userId),
        ScimFilter.Or or => MatchesMember(or.Left, userId) || MatchesMember(or.Right, userId),
        ScimFilter.Not not => !MatchesMember(not.Inner, userId),
        ScimFilter.Compare { Path.Attribute: "value" } compare => Compare(compare, userId.ToString()),
        _ => throw new ScimFilterException($"{filter} cannot filter members (value only)."),
    };

    private static IEnumerable<string> Values(ScimAttributePath path, TeamView team) =>
        (path.Schema is null or "urn:ietf:params:scim:schemas:core:2.0:group", path.Attribute, path.SubAttribute) switch
        {
            (true, "displayname", null) => [team.Name],
            (true, "id", null) => [team.Id.ToString()],
            (true, "members", null or "value") => team.Members.Select(m => m.UserId.ToString()),
            _ => throw new ScimFilterException($"{path} is not a filterable attribute of Group (id, displayName, members.value)."),
        };

    private static bool Compare(ScimFilter.Compare compare, string actual)
    {
        if (compare.Value.ValueKind == JsonValueKind.Null)
        {
            return compare.Operator == "ne";
        }

        if (compare.Value.ValueKind != JsonValueKind.String)
        {
            throw new ScimFilterException($"{compare.Path} is a string: compare it with a string in double quotes.");
        }

        var expected = compare.Value.GetString()!;
        var comparison = compare.Path.Attribute == "displayname" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return compare.Operator switch
        {
            "eq" => actual.Equals(expected, comparison),
            "ne" => !actual.Equals(expected, comparison),
            "co" => actual.Contains(expected, comparison),
            "sw" => actual.StartsWith(expected, comparison),
            "ew" => actual.EndsWith(expected, comparison),
            "gt" => string.Compare(actual, expected, comparison) > 0,
            "ge" => string.Compare(actual, expected, comparison) >= 0,
            "lt" => string.Compare(actual, expected, comparison) < 0,
            _ => string.Compare(actual, expected, comparison) <= 0,
        };
    }
}
